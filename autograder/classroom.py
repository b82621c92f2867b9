"""A nota do GitHub Classroom a partir dos pontos do plugin do pytest.

O relator do Classroom (`classroom-resources/autograding-grading-reporter`)
soma os testes de cada "runner": cada um entrega, na saída `result` do seu
passo, um JSON em base64 com `status`, `max_score` e `tests` (cada teste com
`name`, `status` e `score`). Aqui os testes são as funções, com os pontos
parciais que o `rna verificar` dá (os arquivos de `--rna-pontos`), e não o
tudo-ou-nada do código de saída.

    python -m autograder.classroom pontos/ >> "$GITHUB_OUTPUT"
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path


def runner_result(documents: list[dict]) -> dict:
    """O resultado de um runner do Classroom para os módulos corrigidos."""
    tests = []
    for document in documents:
        for function in document["funcoes"]:
            complete = function["pontos"] == function["maximo"]
            tests.append({
                "name": f"{document['modulo']}.{function['funcao']}",
                "status": "pass" if complete else "fail",
                "score": function["pontos"],
                "max_score": function["maximo"],
                "message": (f"{function['passaram']} de {function['verificacoes']} "
                            "verificações passaram"),
            })
    maximum = round(sum(t["max_score"] for t in tests), 2)
    score = round(sum(t["score"] for t in tests), 2)
    return {"version": 1, "status": "pass" if score == maximum else "fail",
            "max_score": maximum, "tests": tests}


def output_line(folder: Path) -> str:
    """A linha `result=<base64>` para o $GITHUB_OUTPUT do passo."""
    documents = [json.loads(path.read_text(encoding="utf-8"))
                 for path in sorted(Path(folder).glob("*.json"))]
    encoded = base64.b64encode(json.dumps(runner_result(documents)).encode("utf-8"))
    return f"result={encoded.decode('ascii')}"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("uso: python -m autograder.classroom PASTA_DOS_PONTOS", file=sys.stderr)
        raise SystemExit(2)
    print(output_line(Path(sys.argv[1])))
