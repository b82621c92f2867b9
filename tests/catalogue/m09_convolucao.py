from . import Variant

MISTAKES = [
    Variant("conv_output_size", "esqueceu o + 1", '''
def conv_output_size(size, kernel_size, stride=1, padding=0):
    if stride < 1 or padding < 0 or kernel_size > size + 2 * padding:
        raise ValueError("entrada inválida")
    return (size + 2 * padding - kernel_size) // stride
''', hint="faltou o + 1"),
    Variant("conv_output_size", "divisão real (/) em vez de inteira", '''
def conv_output_size(size, kernel_size, stride=1, padding=0):
    if stride < 1 or padding < 0 or kernel_size > size + 2 * padding:
        raise ValueError("entrada inválida")
    return (size + 2 * padding - kernel_size) / stride + 1
''', hint="divisão inteira"),
    Variant("conv_output_size", "padding de um lado só", '''
def conv_output_size(size, kernel_size, stride=1, padding=0):
    if stride < 1 or padding < 0 or kernel_size > size + 2 * padding:
        raise ValueError("entrada inválida")
    return (size + padding - kernel_size) // stride + 1
''', hint="DOIS lados"),
    Variant("conv2d_forward", "filtro girado (convolução da matemática)", '''
def conv2d_forward(inputs, filters, biases, stride=1, padding=0):
    n, c, h, w = inputs.shape
    f, _, kh, kw = filters.shape
    x = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    flipped = filters[:, :, ::-1, ::-1]
    h_out = (h + 2 * padding - kh) // stride + 1
    w_out = (w + 2 * padding - kw) // stride + 1
    out = np.zeros((n, f, h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            window = x[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            out[:, :, i, j] = np.tensordot(window, flipped, axes=([1, 2, 3], [1, 2, 3]))
    return out + biases.reshape(1, f, 1, 1)
''', hint="girou o filtro"),
    Variant("conv2d_forward", "padding esquecido", '''
def conv2d_forward(inputs, filters, biases, stride=1, padding=0):
    n, c, h, w = inputs.shape
    f, _, kh, kw = filters.shape
    h_out = (h - kh) // stride + 1
    w_out = (w - kw) // stride + 1
    out = np.zeros((n, f, h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            window = inputs[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            out[:, :, i, j] = np.tensordot(window, filters, axes=([1, 2, 3], [1, 2, 3]))
    return out + biases.reshape(1, f, 1, 1)
''', hint="o preenchimento não foi aplicado"),
    Variant("conv2d_forward", "esqueceu o viés", '''
def conv2d_forward(inputs, filters, biases, stride=1, padding=0):
    n, c, h, w = inputs.shape
    f, _, kh, kw = filters.shape
    x = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    h_out = (h + 2 * padding - kh) // stride + 1
    w_out = (w + 2 * padding - kw) // stride + 1
    out = np.zeros((n, f, h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            window = x[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            out[:, :, i, j] = np.tensordot(window, filters, axes=([1, 2, 3], [1, 2, 3]))
    return out
''', hint="esqueceu de somar o viés"),
    Variant("conv2d_forward", "stride usado no tamanho mas não na janela", '''
def conv2d_forward(inputs, filters, biases, stride=1, padding=0):
    n, c, h, w = inputs.shape
    f, _, kh, kw = filters.shape
    x = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    h_out = (h + 2 * padding - kh) // stride + 1
    w_out = (w + 2 * padding - kw) // stride + 1
    out = np.zeros((n, f, h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            window = x[:, :, i:i + kh, j:j + kw]
            out[:, :, i, j] = np.tensordot(window, filters, axes=([1, 2, 3], [1, 2, 3]))
    return out + biases.reshape(1, f, 1, 1)
''', hint="as janelas andam de 1 em 1"),
    Variant("conv2d_backward", "dbiases sem somar nas imagens (forma (N, F))", '''
def conv2d_backward(dvalues, inputs, filters, stride=1, padding=0):
    _, _, h, w = inputs.shape
    _, _, kh, kw = filters.shape
    _, _, h_out, w_out = dvalues.shape
    x = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    dx = np.zeros_like(x)
    dw = np.zeros_like(filters)
    for i in range(h_out):
        for j in range(w_out):
            window = x[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            d = dvalues[:, :, i, j]
            dw += np.tensordot(d, window, axes=([0], [0]))
            dx[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw] += np.tensordot(d, filters, axes=([1], [0]))
    db = np.sum(dvalues, axis=(2, 3))
    return dx[:, :, padding:padding + h, padding:padding + w], dw, db
''', hint="dbiases não foi somado nas imagens"),
    Variant("conv2d_backward", "não corta o preenchimento de dinputs", '''
def conv2d_backward(dvalues, inputs, filters, stride=1, padding=0):
    _, _, kh, kw = filters.shape
    _, _, h_out, w_out = dvalues.shape
    x = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    dx = np.zeros_like(x)
    dw = np.zeros_like(filters)
    for i in range(h_out):
        for j in range(w_out):
            window = x[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            d = dvalues[:, :, i, j]
            dw += np.tensordot(d, window, axes=([0], [0]))
            dx[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw] += np.tensordot(d, filters, axes=([1], [0]))
    return dx, dw, dvalues.sum(axis=(0, 2, 3))
''', hint="faltou cortar o preenchimento"),
    Variant("conv2d_backward", "stride ignorado na volta", '''
def conv2d_backward(dvalues, inputs, filters, stride=1, padding=0):
    _, _, h, w = inputs.shape
    _, _, kh, kw = filters.shape
    _, _, h_out, w_out = dvalues.shape
    x = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    dx = np.zeros_like(x)
    dw = np.zeros_like(filters)
    for i in range(h_out):
        for j in range(w_out):
            window = x[:, :, i:i + kh, j:j + kw]
            d = dvalues[:, :, i, j]
            dw += np.tensordot(d, window, axes=([0], [0]))
            dx[:, :, i:i + kh, j:j + kw] += np.tensordot(d, filters, axes=([1], [0]))
    return dx[:, :, padding:padding + h, padding:padding + w], dw, dvalues.sum(axis=(0, 2, 3))
''', hint="o stride foi ignorado na volta"),
    Variant("conv2d_backward", "dinputs com = (janelas sobrepostas se apagam)", '''
def conv2d_backward(dvalues, inputs, filters, stride=1, padding=0):
    _, _, h, w = inputs.shape
    _, _, kh, kw = filters.shape
    _, _, h_out, w_out = dvalues.shape
    x = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    dx = np.zeros_like(x)
    dw = np.zeros_like(filters)
    for i in range(h_out):
        for j in range(w_out):
            window = x[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            d = dvalues[:, :, i, j]
            dw += np.tensordot(d, window, axes=([0], [0]))
            dx[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw] = np.tensordot(d, filters, axes=([1], [0]))
    return dx[:, :, padding:padding + h, padding:padding + w], dw, dvalues.sum(axis=(0, 2, 3))
''', hint="ACUMULAR em dinputs"),
    Variant("conv2d_backward", "dfilters dividido pelo tamanho do lote", '''
def conv2d_backward(dvalues, inputs, filters, stride=1, padding=0):
    n, _, h, w = inputs.shape
    _, _, kh, kw = filters.shape
    _, _, h_out, w_out = dvalues.shape
    x = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    dx = np.zeros_like(x)
    dw = np.zeros_like(filters)
    for i in range(h_out):
        for j in range(w_out):
            window = x[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            d = dvalues[:, :, i, j]
            dw += np.tensordot(d, window, axes=([0], [0]))
            dx[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw] += np.tensordot(d, filters, axes=([1], [0]))
    return dx[:, :, padding:padding + h, padding:padding + w], dw / n, dvalues.sum(axis=(0, 2, 3))
''', hint="não a média"),
    Variant("maxpool2d_forward", "average pooling", '''
def maxpool2d_forward(inputs, size=2, stride=2):
    n, c, h, w = inputs.shape
    h_out = (h - size) // stride + 1
    w_out = (w - size) // stride + 1
    out = np.zeros((n, c, h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            out[:, :, i, j] = inputs[:, :, i * stride:i * stride + size, j * stride:j * stride + size].mean(axis=(2, 3))
    return out
''', hint="average pooling"),
    Variant("maxpool2d_forward", "janela sem o stride", '''
def maxpool2d_forward(inputs, size=2, stride=2):
    n, c, h, w = inputs.shape
    h_out = (h - size) // stride + 1
    w_out = (w - size) // stride + 1
    out = np.zeros((n, c, h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            out[:, :, i, j] = inputs[:, :, i:i + size, j:j + size].max(axis=(2, 3))
    return out
''', hint="as janelas andam de 1 em 1"),
    Variant("maxpool2d_backward", "gradiente para a janela inteira", '''
def maxpool2d_backward(dvalues, inputs, size=2, stride=2):
    dinputs = np.zeros_like(inputs, dtype=float)
    _, _, h_out, w_out = dvalues.shape
    for i in range(h_out):
        for j in range(w_out):
            dinputs[:, :, i * stride:i * stride + size, j * stride:j * stride + size] += dvalues[:, :, i:i + 1, j:j + 1]
    return dinputs
''', hint="TODOS os elementos da janela"),
    Variant("maxpool2d_backward", "máscara window == max (empates recebem todos)", '''
def maxpool2d_backward(dvalues, inputs, size=2, stride=2):
    dinputs = np.zeros_like(inputs, dtype=float)
    _, _, h_out, w_out = dvalues.shape
    for i in range(h_out):
        for j in range(w_out):
            window = inputs[:, :, i * stride:i * stride + size, j * stride:j * stride + size]
            mask = window == window.max(axis=(2, 3), keepdims=True)
            dinputs[:, :, i * stride:i * stride + size, j * stride:j * stride + size] += mask * dvalues[:, :, i:i + 1, j:j + 1]
    return dinputs
''', hint="no empate"),
    Variant("maxpool2d_backward", "atribui com = (janelas sobrepostas)", '''
def maxpool2d_backward(dvalues, inputs, size=2, stride=2):
    dinputs = np.zeros_like(inputs, dtype=float)
    n_, c_, h_out, w_out = dvalues.shape
    for n in range(n_):
        for c in range(c_):
            for i in range(h_out):
                for j in range(w_out):
                    window = inputs[n, c, i * stride:i * stride + size, j * stride:j * stride + size]
                    u, v = np.unravel_index(np.argmax(window), window.shape)
                    dinputs[n, c, i * stride + u, j * stride + v] = dvalues[n, c, i, j]
    return dinputs
''', hint="ACUMULAR"),
    Variant("maxpool2d_backward", "último máximo no empate", '''
def maxpool2d_backward(dvalues, inputs, size=2, stride=2):
    dinputs = np.zeros_like(inputs, dtype=float)
    n_, c_, h_out, w_out = dvalues.shape
    for n in range(n_):
        for c in range(c_):
            for i in range(h_out):
                for j in range(w_out):
                    window = inputs[n, c, i * stride:i * stride + size, j * stride:j * stride + size]
                    best = None
                    for u in range(size):
                        for v in range(size):
                            if best is None or window[u, v] >= window[best]:
                                best = (u, v)
                    dinputs[n, c, i * stride + best[0], j * stride + best[1]] += dvalues[n, c, i, j]
    return dinputs
''', hint="usou o último"),
]

ALTERNATIVES = [
    Variant("conv_output_size", "math.floor com divisão real", '''
import math

def conv_output_size(size, kernel_size, stride=1, padding=0):
    if stride <= 0 or padding < 0:
        raise ValueError("stride ou padding inválido")
    if kernel_size > size + 2 * padding:
        raise ValueError("filtro grande demais")
    return int(math.floor((size - kernel_size + 2 * padding) / stride)) + 1
'''),
    Variant("conv2d_forward", "im2col com sliding_window_view e einsum", '''
from numpy.lib.stride_tricks import sliding_window_view

def conv2d_forward(inputs, filters, biases, stride=1, padding=0):
    kh, kw = filters.shape[2:]
    padded = np.pad(inputs, [(0, 0), (0, 0), (padding, padding), (padding, padding)])
    cols = sliding_window_view(padded, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    return np.einsum("nchwuv,fcuv->nfhw", cols, filters) + biases[None, :, None, None]
'''),
    Variant("conv2d_backward", "laços explícitos em tudo", '''
def conv2d_backward(dvalues, inputs, filters, stride=1, padding=0):
    N, C, H, W = inputs.shape
    F, _, KH, KW = filters.shape
    _, _, HO, WO = dvalues.shape
    xp = np.zeros((N, C, H + 2 * padding, W + 2 * padding))
    xp[:, :, padding:padding + H, padding:padding + W] = inputs
    dxp = np.zeros_like(xp)
    dw = np.zeros(filters.shape)
    db = np.zeros(F)
    for n in range(N):
        for f in range(F):
            for i in range(HO):
                for j in range(WO):
                    g = dvalues[n, f, i, j]
                    db[f] += g
                    r, s = i * stride, j * stride
                    dw[f] += g * xp[n, :, r:r + KH, s:s + KW]
                    dxp[n, :, r:r + KH, s:s + KW] += g * filters[f]
    return dxp[:, :, padding:padding + H, padding:padding + W].copy(), dw, db
'''),
    Variant("maxpool2d_forward", "sliding_window_view", '''
from numpy.lib.stride_tricks import sliding_window_view

def maxpool2d_forward(inputs, size=2, stride=2):
    windows = sliding_window_view(inputs, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
    return windows.max(axis=(-2, -1))
'''),
    Variant("maxpool2d_backward", "índices do argmax vetorizados", '''
def maxpool2d_backward(dvalues, inputs, size=2, stride=2):
    N, C, HO, WO = dvalues.shape
    dx = np.zeros(inputs.shape)
    nn, cc = np.meshgrid(np.arange(N), np.arange(C), indexing="ij")
    for i in range(HO):
        for j in range(WO):
            win = inputs[:, :, i * stride:i * stride + size, j * stride:j * stride + size]
            flat = win.reshape(N, C, -1).argmax(axis=2)
            rows, cols = flat // size, flat % size
            dx[nn, cc, i * stride + rows, j * stride + cols] += dvalues[:, :, i, j]
    return dx
'''),
]
