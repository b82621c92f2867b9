"""A raiz do repositório é um curso do nbgrader.

source = solutions/ (o professor), release = exercises/ (o aprendiz). Os
notebooks de solutions/ são arquivos .py (jupytext, formato percent); o
`rna gerar` os converte em .ipynb e chama o `generate_assignment` do nbgrader.
"""

c = get_config()  # noqa: F821 - definido pelo nbgrader ao ler este arquivo

c.CourseDirectory.course_id = "rna"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
# Só notebooks vão para o aprendiz: o .py de solutions/ é a referência e
# nunca pode ser copiado para a versão distribuída.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.py"]

c.ClearSolutions.code_stub = {"python": "# SEU CÓDIGO AQUI\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "ESCREVA SUA RESPOSTA AQUI"
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"
