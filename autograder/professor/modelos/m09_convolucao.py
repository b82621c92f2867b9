"""Os modelos dos erros conhecidos de m09_convolucao (só na edição do professor)."""

from __future__ import annotations

import math

import numpy as np

from ...checks.m09_convolucao import (  # noqa: F401
    _f,
    _pad,
    conv,
)
from ...spec import Mistake


def _size_model(kind):
    def model(size, kernel, stride=1, padding=0):
        if kind == "sem +1":
            return (size + 2 * padding - kernel) // stride
        if kind == "padding uma vez":
            return (size + padding - kernel) // stride + 1
        if kind == "divisão real":
            return (size + 2 * padding - kernel) / stride + 1
        if kind == "sem stride":
            return size + 2 * padding - kernel + 1
        if kind == "sem padding":
            return (size - kernel) // stride + 1
        if kind == "para cima":
            return math.ceil((size + 2 * padding - kernel) / stride) + 1
        if kind == "padding subtraído":
            return (size - 2 * padding - kernel) // stride + 1
        raise ValueError(kind)

    return model


SIZE_MISTAKES = [
    Mistake("faltou o + 1: a primeira posição do filtro também conta, "
            "⌊(size + 2·padding − kernel_size) / stride⌋ + 1", _size_model("sem +1")),
    Mistake("o preenchimento é dos DOIS lados: some 2·padding ao tamanho",
            _size_model("padding uma vez")),
    Mistake("use a divisão inteira (//): o tamanho é um número inteiro, arredondado "
            "para baixo", _size_model("divisão real")),
    Mistake("faltou dividir pelo stride: com passo s, o filtro pula s posições de cada vez",
            _size_model("sem stride")),
    Mistake("faltou o preenchimento: some 2·padding ao tamanho da entrada",
            _size_model("sem padding")),
    Mistake("você arredondou para cima: se o último passo não cabe inteiro, ele não é "
            "dado (⌊ ⌋, a divisão inteira //)", _size_model("para cima")),
    Mistake("o preenchimento AUMENTA a entrada: some 2·padding, não subtraia",
            _size_model("padding subtraído")),
]


def _conv_model(kind):
    def model(x, w, b, stride=1, padding=0):
        x, w, b = _f(x), _f(w), _f(b)
        if kind == "girado":
            w = w[:, :, ::-1, ::-1]
        if kind == "sem viés":
            b = np.zeros_like(b)
        if kind == "sem padding":
            padding = 0
        if kind == "sem stride":
            stride = 1
        if kind == "stride só no tamanho":
            h_out = (x.shape[2] + 2 * padding - w.shape[2]) // stride + 1
            w_out = (x.shape[3] + 2 * padding - w.shape[3]) // stride + 1
            return conv(x, w, b, 1, padding)[:, :, :h_out, :w_out]
        out = conv(x, w, b, stride, padding, one_side=kind == "padding de um lado")
        if kind == "sem +1":
            return out[:, :, :-1, :-1]
        return out

    return model


CONV_FORWARD_MISTAKES = [
    Mistake("você girou o filtro 180° (a convolução da matemática): nas redes neurais a "
            "camada faz a correlação cruzada, com o filtro como está, "
            "window · filters[f] sem inverter linhas e colunas", _conv_model("girado")),
    Mistake("você esqueceu de somar o viés: cada mapa de saída f soma biases[f]",
            _conv_model("sem viés")),
    Mistake("o preenchimento não foi aplicado: ponha padding zeros em volta das linhas e "
            "das colunas com np.pad(inputs, ((0, 0), (0, 0), (p, p), (p, p))) antes de "
            "deslizar o filtro", _conv_model("sem padding")),
    Mistake("o stride foi ignorado: a janela da posição (i, j) começa na linha i·stride "
            "e na coluna j·stride", _conv_model("sem stride")),
    Mistake("a saída tem o tamanho certo, mas as janelas andam de 1 em 1: a janela da "
            "posição (i, j) começa na linha i·stride e na coluna j·stride",
            _conv_model("stride só no tamanho")),
    Mistake("o preenchimento foi feito de um lado só: são padding zeros ANTES e DEPOIS, "
            "(p, p) em np.pad", _conv_model("padding de um lado")),
    Mistake("faltou a última linha e a última coluna da saída: o tamanho é "
            "⌊(H + 2·padding − KH)/stride⌋ + 1 (o + 1 conta a primeira posição)",
            _conv_model("sem +1")),
]


def _conv_back_model(kind):
    def model(d, x, w, stride=1, padding=0):
        d, x, w = _f(d), _f(x), _f(w)
        n, _, h, width = x.shape
        _, _, kh, kw = w.shape
        _, _, h_out, w_out = d.shape
        step = 1 if kind == "sem stride" else stride
        xp = _pad(x, padding)
        dx = np.zeros_like(xp)
        dw = np.zeros_like(w)
        w_for_dx = w[:, :, ::-1, ::-1] if kind == "dx girado" else w
        for i in range(h_out):
            for j in range(w_out):
                top, left = i * step, j * step
                window = xp[:, :, top:top + kh, left:left + kw]
                if window.shape[2:] != (kh, kw):
                    raise ValueError("janela fora da entrada")
                dij = d[:, :, i, j]
                if kind == "dw só a primeira imagem":
                    dw += np.tensordot(dij[:1], window[:1], axes=([0], [0]))
                else:
                    dw += np.tensordot(dij, window, axes=([0], [0]))
                part = np.tensordot(dij, w_for_dx, axes=([1], [0]))
                if kind == "dx sem acumular":
                    dx[:, :, top:top + kh, left:left + kw] = part
                else:
                    dx[:, :, top:top + kh, left:left + kw] += part
        db = np.sum(d, axis=(0, 2, 3))
        dinputs = dx[:, :, padding:padding + h, padding:padding + width]
        if kind == "dx com padding":
            dinputs = dx
        elif kind == "dw girado":
            dw = dw[:, :, ::-1, ::-1]
        elif kind == "dw média":
            dw = dw / n
        elif kind == "db (N, F)":
            db = np.sum(d, axis=(2, 3))
        elif kind == "db só em N":
            db = np.sum(d, axis=0)
        elif kind == "db média":
            db = np.mean(d, axis=(0, 2, 3))
        elif kind == "db só espaço":
            db = np.sum(d[0], axis=(1, 2))
        elif kind == "ordem":
            return dw, dinputs, db
        return dinputs, dw, db

    return model


CONV_BACKWARD_MISTAKES = [
    Mistake("dbiases não foi somado nas imagens: some dvalues nos eixos (0, 2, 3) (N, H_out "
            "e W_out), o que dá a forma (F,)", _conv_back_model("db (N, F)")),
    Mistake("dbiases foi somado só nas imagens (eixo 0): some também nas posições, "
            "np.sum(dvalues, axis=(0, 2, 3))", _conv_back_model("db só em N")),
    Mistake("dbiases é a soma de dvalues em N, H_out e W_out, não a média",
            _conv_back_model("db média")),
    Mistake("dbiases usou só a primeira imagem: some em todas, np.sum(dvalues, "
            "axis=(0, 2, 3))", _conv_back_model("db só espaço")),
    Mistake("dfilters está girado 180°: a ida é uma correlação cruzada, e dfilters[f, c, "
            "u, v] soma dvalues · a entrada na posição (i·s + u, j·s + v), sem inverter",
            _conv_back_model("dw girado")),
    Mistake("dfilters é a SOMA das contribuições de todas as imagens do lote, não a média "
            "(a média já está na perda)", _conv_back_model("dw média")),
    Mistake("dfilters só somou a primeira imagem: some as contribuições de todas as N",
            _conv_back_model("dw só a primeira imagem")),
    Mistake("faltou cortar o preenchimento de dinputs: ele tem a forma de inputs, "
            "dx[:, :, p:p + H, p:p + W]", _conv_back_model("dx com padding")),
    Mistake("dinputs usou o filtro girado: na volta de uma correlação cruzada, cada "
            "janela recebe dvalues · filters como está", _conv_back_model("dx girado")),
    Mistake("o stride foi ignorado na volta: a janela da posição (i, j) começa em "
            "(i·stride, j·stride), como na ida", _conv_back_model("sem stride")),
    Mistake("janelas que se sobrepõem devem ACUMULAR em dinputs (+=): com =, a última "
            "janela apaga a contribuição das anteriores", _conv_back_model("dx sem acumular")),
    Mistake("a tupla deve vir na ordem (dinputs, dfilters, dbiases)",
            _conv_back_model("ordem")),
]


def _pool_model(kind):
    def model(x, size=2, stride=2):
        x = _f(x)
        step = 1 if kind in ("sem stride", "stride só no tamanho") else stride
        n, c, h, w = x.shape
        h_out = (h - size) // step + 1
        w_out = (w - size) // step + 1
        out = np.zeros((n, c, h_out, w_out))
        for i in range(h_out):
            for j in range(w_out):
                window = x[:, :, i * step:i * step + size, j * step:j * step + size]
                if kind == "média":
                    out[:, :, i, j] = window.mean(axis=(2, 3))
                elif kind == "mínimo":
                    out[:, :, i, j] = window.min(axis=(2, 3))
                elif kind == "canto":
                    out[:, :, i, j] = window[:, :, 0, 0]
                else:
                    out[:, :, i, j] = window.max(axis=(2, 3))
        if kind == "stride só no tamanho":
            return out[:, :, :(h - size) // stride + 1, :(w - size) // stride + 1]
        if kind == "canais":
            return out.max(axis=1, keepdims=True).repeat(c, axis=1)
        return out

    return model


POOL_FORWARD_MISTAKES = [
    Mistake("isso é o average pooling (a média da janela): o max pooling guarda o MAIOR "
            "valor de cada janela", _pool_model("média")),
    Mistake("você guardou o menor valor de cada janela: é o maior (np.max)",
            _pool_model("mínimo")),
    Mistake("o stride foi ignorado: a janela da posição (i, j) começa em (i·stride, "
            "j·stride), e a saída tem ⌊(H − size)/stride⌋ + 1 linhas",
            _pool_model("sem stride")),
    Mistake("a saída tem o tamanho certo, mas as janelas andam de 1 em 1: a janela da "
            "posição (i, j) começa em (i·stride, j·stride)", _pool_model("stride só no tamanho")),
    Mistake("você pegou sempre o canto de cima à esquerda da janela: o max pooling "
            "procura o maior valor da janela inteira", _pool_model("canto")),
    Mistake("o máximo misturou os canais: o max pooling age em cada canal separadamente "
            "(o máximo é só nos eixos das linhas e das colunas, (2, 3))",
            _pool_model("canais")),
]


def _pool_back_model(kind):
    def model(d, x, size=2, stride=2):
        d, x = _f(d), _f(x)
        step = 1 if kind == "sem stride" else stride
        dx = np.zeros_like(x)
        n_, c_, h_out, w_out = d.shape
        for n in range(n_):
            for c in range(c_):
                for i in range(h_out):
                    for j in range(w_out):
                        top, left = i * step, j * step
                        window = x[n, c, top:top + size, left:left + size]
                        if window.shape != (size, size):
                            raise ValueError("janela fora da entrada")
                        g = d[n, c, i, j]
                        region = dx[n, c, top:top + size, left:left + size]
                        if kind == "todos":
                            region += g
                            continue
                        if kind == "média":
                            region += g / size ** 2
                            continue
                        if kind == "todos os máximos":
                            region += g * (window == window.max())
                            continue
                        if kind == "dividido nos empates":
                            hits = window == window.max()
                            region += g * hits / hits.sum()
                            continue
                        if kind == "último":
                            flat = window.ravel()[::-1]
                            k = flat.size - 1 - int(np.argmax(flat))
                        elif kind == "canto":
                            k = 0
                        else:
                            k = int(np.argmax(window))
                        u, v = np.unravel_index(k, window.shape)
                        if kind == "sem acumular":
                            region[u, v] = g
                        else:
                            region[u, v] += g
        return dx

    return model


POOL_BACKWARD_MISTAKES = [
    Mistake("você passou o gradiente para TODOS os elementos da janela: só o máximo "
            "recebe (a derivada do máximo é 1 nele e 0 nos outros)", _pool_back_model("todos")),
    Mistake("isso é a volta do average pooling (dvalues / size² em cada elemento): no max "
            "pooling, o gradiente vai inteiro só para o máximo", _pool_back_model("média")),
    Mistake("no empate, o gradiente vai só para o PRIMEIRO máximo na ordem de leitura "
            "(np.argmax da janela achatada); você o deu a todos os elementos iguais ao "
            "máximo (window == window.max())", _pool_back_model("todos os máximos")),
    Mistake("no empate, o gradiente vai inteiro para o PRIMEIRO máximo na ordem de leitura "
            "(np.argmax da janela achatada), não dividido entre os empatados",
            _pool_back_model("dividido nos empates")),
    Mistake("no empate, o gradiente vai para o PRIMEIRO máximo na ordem de leitura, e você "
            "usou o último (np.argmax da janela achatada dá o primeiro)",
            _pool_back_model("último")),
    Mistake("janelas que se sobrepõem (stride < size) devem ACUMULAR: some com +=, não "
            "substitua com =", _pool_back_model("sem acumular")),
    Mistake("o stride foi ignorado na volta: a janela da posição (i, j) começa em "
            "(i·stride, j·stride)", _pool_back_model("sem stride")),
    Mistake("o gradiente foi sempre para o canto de cima à esquerda da janela: ele vai "
            "para a posição do máximo (np.argmax + np.unravel_index)",
            _pool_back_model("canto")),
]


MISTAKES = {
    'conv_output_size': SIZE_MISTAKES,
    'conv2d_forward': CONV_FORWARD_MISTAKES,
    'conv2d_backward': CONV_BACKWARD_MISTAKES,
    'maxpool2d_forward': POOL_FORWARD_MISTAKES,
    'maxpool2d_backward': POOL_BACKWARD_MISTAKES,
}
