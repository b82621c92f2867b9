"""Os modelos dos erros conhecidos, um arquivo por módulo (mesmo nome do
arquivo de verificações): `MISTAKES = {função: [Mistake(mensagem, modelo)]}`.

O modelo reproduz o erro em código; por isso fica só com o professor. A
edição do aluno recebe as mensagens e as saídas gravadas dos modelos.
"""
