"""As verificações de cada módulo: `checks/<módulo>.py` define `SPEC`.

A lista de módulos vem dos arquivos desta pasta (mNN_nome.py): acrescentar um
módulo é acrescentar o seu arquivo, sem outra lista para manter em dia.
"""

import pkgutil
import re

MODULES = sorted(
    info.name for info in pkgutil.iter_modules(__path__) if re.fullmatch(r"m\d\d_\w+", info.name)
)
