from . import Variant

MISTAKES = [
    Variant("rnn_step", "esquece a tanh", '''
def rnn_step(x_t, h_prev, Wx, Wh, b):
    return np.dot(x_t, Wx) + np.dot(h_prev, Wh) + b
''', hint="faltou a tanh"),
    Variant("rnn_step", "Wh aplicado à entrada e Wx ao estado", '''
def rnn_step(x_t, h_prev, Wx, Wh, b):
    return np.tanh(np.dot(x_t, Wh) + np.dot(h_prev, Wx) + b)
''', hint="os pesos estão trocados"),
    Variant("rnn_step", "esquece o estado anterior", '''
def rnn_step(x_t, h_prev, Wx, Wh, b):
    return np.tanh(np.dot(x_t, Wx) + b)
''', hint="faltou o termo do estado anterior"),
    Variant("rnn_forward", "usa h0 em todos os passos", '''
def rnn_forward(x, h0, Wx, Wh, b):
    N, T, D = x.shape
    H = h0.shape[1]
    out = np.zeros((N, T, H))
    for t in range(T):
        out[:, t, :] = np.tanh(x[:, t, :] @ Wx + h0 @ Wh + b)
    return out
''', hint="o estado não é levado de um passo para o outro"),
    Variant("rnn_forward", "guarda o estado antes de atualizar", '''
def rnn_forward(x, h0, Wx, Wh, b):
    N, T, D = x.shape
    out = np.zeros((N, T, h0.shape[1]))
    h = h0
    for t in range(T):
        out[:, t, :] = h
        h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)
    return out
''', hint="atrasados um passo"),
    Variant("rnn_forward", "empilha no eixo 0 (T, N, H)", '''
def rnn_forward(x, h0, Wx, Wh, b):
    h = h0
    states = []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)
        states.append(h)
    return np.array(states)
''', hint="os eixos estão trocados"),
    Variant("lstm_step", "portas na ordem do CS231n (i, f, o, g)", '''
def lstm_step(x_t, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    a = x_t @ Wx + h_prev @ Wh + b
    sig = lambda z: 1 / (1 + np.exp(-z))
    i, f, o = sig(a[:, :H]), sig(a[:, H:2*H]), sig(a[:, 2*H:3*H])
    g = np.tanh(a[:, 3*H:])
    c = f * c_prev + i * g
    return o * np.tanh(c), c
''', hint="ordem i, f, o, g"),
    Variant("lstm_step", "memória sem a porta de esquecimento", '''
def lstm_step(x_t, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    a = x_t @ Wx + h_prev @ Wh + b
    sig = lambda z: 1 / (1 + np.exp(-z))
    i, f, g, o = sig(a[:, :H]), sig(a[:, H:2*H]), np.tanh(a[:, 2*H:3*H]), sig(a[:, 3*H:])
    c = c_prev + i * g
    return o * np.tanh(c), c
''', hint="faltou a porta de esquecimento"),
    Variant("lstm_step", "h = tanh(c) sem a porta de saída", '''
def lstm_step(x_t, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    a = x_t @ Wx + h_prev @ Wh + b
    sig = lambda z: 1 / (1 + np.exp(-z))
    i, f, g = sig(a[:, :H]), sig(a[:, H:2*H]), np.tanh(a[:, 2*H:3*H])
    c = f * c_prev + i * g
    return np.tanh(c), c
''', hint="faltou a porta de saída"),
    Variant("lstm_step", "candidato com sigmoide", '''
def lstm_step(x_t, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    a = x_t @ Wx + h_prev @ Wh + b
    gates = 1 / (1 + np.exp(-a))
    i, f, g, o = gates[:, :H], gates[:, H:2*H], gates[:, 2*H:3*H], gates[:, 3*H:]
    c = f * c_prev + i * g
    return o * np.tanh(c), c
''', hint="o candidato g usa a tanh"),
    Variant("rnn_step_backward", "esquece a derivada da tanh", '''
def rnn_step_backward(dh, x_t, h_prev, Wx, Wh, h_t):
    da = dh
    return da @ Wx.T, da @ Wh.T, x_t.T @ da, h_prev.T @ da, da.sum(axis=0, keepdims=True)
''', hint="faltou atravessar a tanh"),
    Variant("rnn_step_backward", "1 − h em vez de 1 − h²", '''
def rnn_step_backward(dh, x_t, h_prev, Wx, Wh, h_t):
    da = dh * (1 - h_t)
    return da @ Wx.T, da @ Wh.T, x_t.T @ da, h_prev.T @ da, da.sum(axis=0, keepdims=True)
''', hint="faltou o quadrado"),
    Variant("rnn_step_backward", "db sem somar as amostras", '''
def rnn_step_backward(dh, x_t, h_prev, Wx, Wh, h_t):
    da = dh * (1 - h_t ** 2)
    return da @ Wx.T, da @ Wh.T, x_t.T @ da, h_prev.T @ da, da
''', hint="faltou somar as amostras em db"),
    Variant("rnn_step_backward", "dWx transposto", '''
def rnn_step_backward(dh, x_t, h_prev, Wx, Wh, h_t):
    da = dh * (1 - h_t ** 2)
    return da @ Wx.T, da @ Wh.T, da.T @ x_t, h_prev.T @ da, da.sum(axis=0, keepdims=True)
''', hint="dWx está transposto"),
    Variant("rnn_step_backward", "derivada com h_prev no lugar de h_t", '''
def rnn_step_backward(dh, x_t, h_prev, Wx, Wh, h_t):
    da = dh * (1 - h_prev ** 2)
    return da @ Wx.T, da @ Wh.T, x_t.T @ da, h_prev.T @ da, da.sum(axis=0, keepdims=True)
''', hint="não 1 − h_prev²"),
    Variant("rnn_step_backward", "modifica dh no lugar", '''
def rnn_step_backward(dh, x_t, h_prev, Wx, Wh, h_t):
    dh *= 1 - h_t ** 2
    return dh @ Wx.T, dh @ Wh.T, x_t.T @ dh, h_prev.T @ dh, dh.sum(axis=0, keepdims=True)
''', hint="modificou o argumento `dh`"),
]

ALTERNATIVES = [
    Variant("rnn_step_backward", "db (H,), a forma de um b vetor (como no CS231n)", '''
def rnn_step_backward(dh, x_t, h_prev, Wx, Wh, h_t):
    da = dh * (1 - h_t ** 2)
    return da @ Wx.T, da @ Wh.T, x_t.T @ da, h_prev.T @ da, np.sum(da, axis=0)
'''),
    Variant("rnn_step", "tanh pela exponencial, sem np.tanh", '''
def rnn_step(x_t, h_prev, Wx, Wh, b):
    a = x_t @ Wx + h_prev @ Wh + np.reshape(b, (1, -1))
    # tanh(a) = 1 − 2 / (e^{2a} + 1): estável, e^{2a} grande dá 1
    with np.errstate(over="ignore"):
        return 1.0 - 2.0 / (np.exp(2 * a) + 1.0)
'''),
    Variant("rnn_forward", "laço com rnn_step local e np.stack", '''
def rnn_forward(x, h0, Wx, Wh, b):
    def step(x_t, h):
        return np.tanh(x_t @ Wx + h @ Wh + b)
    h, states = h0.copy(), []
    for t in range(x.shape[1]):
        h = step(x[:, t, :], h)
        states.append(h)
    return np.stack(states, axis=1)
'''),
    Variant("lstm_step", "np.split e sigmoide pela tanh", '''
def lstm_step(x_t, h_prev, c_prev, Wx, Wh, b):
    a = x_t @ Wx + h_prev @ Wh + b
    ai, af, ag, ao = np.split(a, 4, axis=1)
    sig = lambda z: 0.5 * (1 + np.tanh(0.5 * z))
    c = sig(af) * c_prev + sig(ai) * np.tanh(ag)
    return sig(ao) * np.tanh(c), c
'''),
    Variant("rnn_step_backward", "laços sobre as amostras", '''
def rnn_step_backward(dh, x_t, h_prev, Wx, Wh, h_t):
    N = dh.shape[0]
    dx = np.zeros(x_t.shape)
    dh_prev = np.zeros(h_prev.shape)
    dWx = np.zeros(Wx.shape)
    dWh = np.zeros(Wh.shape)
    db = np.zeros((1, Wh.shape[0]))
    for n in range(N):
        da = dh[n] * (1.0 - h_t[n] * h_t[n])
        dx[n] = Wx @ da
        dh_prev[n] = Wh @ da
        dWx += np.outer(x_t[n], da)
        dWh += np.outer(h_prev[n], da)
        db[0] += da
    return dx, dh_prev, dWx, dWh, db
'''),
]
