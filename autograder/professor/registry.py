"""O registro da coleta: a nota de `rna corrigir` é a do que o aluno entregou.

No `nbgrader autograde`, as células de teste rodam no kernel do próprio
aluno, com os direitos do professor: um notebook ali consegue reescrever a
submissão de um colega (e a sua) antes de `rna corrigir` rodar. Por isso a
primeira vez que `rna corrigir` vê um arquivo, ele guarda o conteúdo (cópia +
SHA-256) em `<pasta da turma>/.rna-registro/`; nas vezes seguintes corrige a
cópia registrada e, se o arquivo mudou, avisa alto qual arquivo mudou, sem
culpar o dono. A ordem segura (rna corrigir logo depois do nbgrader collect)
está em site/professor/seguranca.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

FOLDER = ".rna-registro"
INDEX = "registro.json"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Record:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.folder = self.root / FOLDER
        self.entries: dict = {}
        self.problem: str | None = None  # por que não deu para registrar
        try:
            data = json.loads((self.folder / INDEX).read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("arquivos"), dict):
                self.entries = data["arquivos"]
        except (OSError, ValueError):
            pass

    @classmethod
    def for_submissions(cls, submissions) -> list["Record"]:
        """Um registro na pasta comum a todas as submissões (a da turma)."""
        parents = [str(Path(s.path).resolve().parent) for s in submissions]
        if not parents:
            return []
        return [cls(Path(os.path.commonpath(parents)))]

    def check(self, submissions):
        """Para cada submissão: (submissão, conteúdo a corrigir, alerta ou None)."""
        out = []
        changed = False
        for sub in submissions:
            path = Path(sub.path).resolve()
            try:
                current = path.read_bytes()
            except OSError:
                current = None
            key = str(path.relative_to(self.root))
            entry = self.entries.get(key)
            if entry is None:
                if current is not None and self.problem is None:
                    try:
                        self._store(key, current)
                        changed = True
                    except OSError as exc:  # pasta só de leitura, disco cheio...
                        self.problem = (f"não consegui registrar as entregas em {self.folder} "
                                        f"({exc.strerror}): a nota é a dos arquivos atuais")
                out.append((sub, current, None))
                continue
            kept = self._load(entry)
            if kept is None:
                out.append((sub, current, (
                    f"a cópia registrada de {key} sumiu ou foi alterada; corrigido o "
                    "arquivo atual, que pode não ser o entregue")))
                continue
            if current is not None and _digest(current) == entry["sha256"]:
                out.append((sub, current, None))
                continue
            when = entry.get("registrado_em", "?")
            out.append((sub, kept, (
                f"o arquivo {key} mudou depois da coleta (registrado em {when}): vale a "
                "cópia registrada. Quem mudou o arquivo pode não ser o aluno: um notebook "
                "rodando no `nbgrader autograde` consegue alterar as submissões dos colegas")))
        if changed:
            try:
                self._save()
            except OSError as exc:
                self.problem = f"não consegui gravar o registro ({exc.strerror})"
        return out

    def _store(self, key: str, data: bytes) -> None:
        digest = _digest(data)
        self.folder.mkdir(mode=0o700, exist_ok=True)
        blob = self.folder / digest
        if not blob.exists():
            _atomic_bytes(blob, data)
            os.chmod(blob, 0o400)
        self.entries[key] = {"sha256": digest, "bytes": len(data),
                             "registrado_em": time.strftime("%Y-%m-%d %H:%M:%S")}

    def _load(self, entry) -> bytes | None:
        digest = entry.get("sha256") if isinstance(entry, dict) else None
        if not isinstance(digest, str) or len(digest) != 64:
            return None
        try:
            data = (self.folder / digest).read_bytes()
        except OSError:
            return None
        return data if _digest(data) == digest else None

    def _save(self) -> None:
        text = json.dumps({"arquivos": self.entries}, ensure_ascii=False, indent=1,
                          sort_keys=True)
        _atomic_bytes(self.folder / INDEX, text.encode("utf-8"))


def _atomic_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
