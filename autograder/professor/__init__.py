"""A edição do professor: tudo o que nunca vai para a máquina do aluno.

A referência (solutions/), os modelos dos erros conhecidos (`modelos/`), as
buscas do hypothesis (as ocultas, e as públicas quando não há cópia gravada),
a gravação das entradas e dos valores esperados e a construção da edição do
aluno. A edição do aluno é o pacote `autograder` sem esta pasta; um teste do
kit confere que nada fora daqui importa daqui (a não ser pelo ponto único de
`autograder.edicao`) e que a roda do aluno não tem nenhum arquivo daqui.
"""
