from . import Variant

MISTAKES = [
    Variant("discriminator_loss", "log sem clip", '''
def discriminator_loss(d_real, d_fake):
    return -np.mean(np.log(d_real)) - np.mean(np.log(1 - d_fake))
''', hint="log sem clip"),
    Variant("discriminator_loss", "real e falso trocados", '''
def discriminator_loss(d_real, d_fake):
    real = np.clip(d_real, 1e-7, 1 - 1e-7)
    fake = np.clip(d_fake, 1e-7, 1 - 1e-7)
    return -np.mean(np.log(fake)) - np.mean(np.log(1 - real))
''', hint="real e falso estão trocados"),
    Variant("discriminator_loss", "uma média só das duas partes juntas", '''
def discriminator_loss(d_real, d_fake):
    real = np.clip(d_real, 1e-7, 1 - 1e-7).ravel()
    fake = np.clip(d_fake, 1e-7, 1 - 1e-7).ravel()
    return -np.mean(np.concatenate([np.log(real), np.log(1 - fake)]))
''', hint="uma média só de tudo junto"),
    Variant("discriminator_loss", "soma em vez de média", '''
def discriminator_loss(d_real, d_fake):
    real = np.clip(d_real, 1e-7, 1 - 1e-7)
    fake = np.clip(d_fake, 1e-7, 1 - 1e-7)
    return -np.sum(np.log(real)) - np.sum(np.log(1 - fake))
''', hint="você somou em vez de tirar a média"),
    Variant("discriminator_loss", "clip sem guardar o resultado", '''
def discriminator_loss(d_real, d_fake):
    np.clip(d_real, 1e-7, 1 - 1e-7)
    np.clip(d_fake, 1e-7, 1 - 1e-7)
    return -np.mean(np.log(d_real)) - np.mean(np.log(1 - d_fake))
''', hint="guarde o resultado"),
    Variant("generator_loss", "perda saturante log(1 − D(G(z)))", '''
def generator_loss(d_fake):
    fake = np.clip(d_fake, 1e-7, 1 - 1e-7)
    return np.mean(np.log(1 - fake))
''', hint="perda saturante"),
    Variant("generator_loss", "sinal trocado", '''
def generator_loss(d_fake):
    fake = np.clip(d_fake, 1e-7, 1 - 1e-7)
    return np.mean(np.log(fake))
''', hint="o sinal está trocado"),
    Variant("generator_loss", "sem clip", '''
def generator_loss(d_fake):
    return -np.mean(np.log(d_fake))
''', hint="log sem clip"),
    Variant("train_gan", "sinal trocado no gradiente da geradora", '''
def _generator_logit_grad(p_fake):
    return (1 - p_fake) / len(p_fake)
''', hint="longe de 4"),
    Variant("train_gan", "rótulos trocados na discriminadora", '''
def _discriminator_logit_grads(p_real, p_fake):
    return p_real / len(p_real), (p_fake - 1) / len(p_fake)
''', hint="longe de 4"),
    Variant("train_gan", "gradiente da geradora não atravessa a discriminadora", '''
def _discriminator_backward(dlogits, cache, D):
    x, a1 = cache
    dW2, db2, da1 = _dense_backward(dlogits, a1, D["weights2"])
    dz1 = da1 * (1 - a1**2)
    dW1, db1, dx = _dense_backward(dz1, x, D["weights1"])
    return {"weights1": dW1, "biases1": db1, "weights2": dW2, "biases2": db2}, dlogits
''', hint="longe de 4"),
    Variant("train_gan", "Adam com t começando em 0 (divide por zero)", '''
def _adam_step(param, grad, m, v, t, learning_rate, beta1=0.5, beta2=0.999, eps=1e-7):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**(t - 1))
    v_hat = v / (1 - beta2**(t - 1))
    return param - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v
''', hint="nan ou inf"),
    Variant("train_gan", "passo do Adam a favor do gradiente", '''
def _adam_step(param, grad, m, v, t, learning_rate, beta1=0.5, beta2=0.999, eps=1e-7):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return param + learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v
''', hint="bem acima de 0,5"),
]

ALTERNATIVES = [
    Variant("discriminator_loss", "laços com math.log e min/max", '''
import math

def discriminator_loss(d_real, d_fake):
    eps = 1e-7
    real = [min(max(float(p), eps), 1 - eps) for p in np.ravel(d_real)]
    fake = [min(max(float(p), eps), 1 - eps) for p in np.ravel(d_fake)]
    parte_real = -sum(math.log(p) for p in real) / len(real)
    parte_falsa = -sum(math.log(1 - p) for p in fake) / len(fake)
    return parte_real + parte_falsa
'''),
    Variant("generator_loss", "np.minimum/np.maximum e devolve um escalar NumPy", '''
def generator_loss(d_fake):
    fake = np.minimum(np.maximum(np.array(d_fake, dtype=float), 1e-7), 1 - 1e-7)
    return -np.log(fake).mean()
'''),
    Variant("train_gan", "outra ordem de sorteios: reais por permutação e um lote só de D", '''
def train_gan(real_samples, steps=700, batch_size=64, n_hidden=16, learning_rate=0.0025,
              decay=0.0015, d_steps=3, seed=0):
    rng = np.random.default_rng(seed)
    real = np.asarray(real_samples, dtype=float).reshape(-1, 1)
    def init(scale1):
        return [scale1 * rng.standard_normal((1, n_hidden)), np.zeros((1, n_hidden)),
                0.1 * rng.standard_normal((n_hidden, 1)), np.zeros((1, 1))]
    D = init(0.5)
    G = init(1.0)
    mG = [np.zeros_like(p) for p in G]; vG = [np.zeros_like(p) for p in G]
    mD = [np.zeros_like(p) for p in D]; vD = [np.zeros_like(p) for p in D]
    tG = tD = 0
    d_losses, g_losses = [], []
    def gen(z):
        h = np.maximum(0, z @ G[0] + G[1])
        return h @ G[2] + G[3], h
    def disc(x):
        h = np.tanh(x @ D[0] + D[1])
        return 1 / (1 + np.exp(-(h @ D[2] + D[3]))), h
    def adam(P, grads, M, V, t, lr):
        for k in range(4):
            M[k] = 0.5 * M[k] + 0.5 * grads[k]
            V[k] = 0.999 * V[k] + 0.001 * grads[k] ** 2
            P[k] = P[k] - lr * (M[k] / (1 - 0.5 ** t)) / (np.sqrt(V[k] / (1 - 0.999 ** t)) + 1e-7)
    for s in range(steps):
        lr = learning_rate / (1 + decay * s)
        for _ in range(d_steps):
            xr = real[rng.permutation(len(real))[:batch_size]]
            xf, _ = gen(rng.standard_normal((batch_size, 1)))
            x = np.vstack([xr, xf])
            p, h = disc(x)
            y = np.vstack([np.ones((batch_size, 1)), np.zeros((batch_size, 1))])
            dlogit = (p - y) / batch_size
            dh = dlogit @ D[2].T * (1 - h ** 2)
            grads = [x.T @ dh, dh.sum(0, keepdims=True), h.T @ dlogit, dlogit.sum(0, keepdims=True)]
            tD += 1
            adam(D, grads, mD, vD, tD, lr)
            pc = np.clip(p, 1e-7, 1 - 1e-7)
            d_loss = -np.mean(np.log(pc[:batch_size])) - np.mean(np.log(1 - pc[batch_size:]))
        z = rng.standard_normal((batch_size, 1))
        xf, hg = gen(z)
        p, h = disc(xf)
        g_losses.append(float(-np.mean(np.log(np.clip(p, 1e-7, 1 - 1e-7)))))
        dlogit = (p - 1) / batch_size
        dx = (dlogit @ D[2].T * (1 - h ** 2)) @ D[0].T
        dhg = dx @ G[2].T * (hg > 0)
        grads = [z.T @ dhg, dhg.sum(0, keepdims=True), hg.T @ dx, dx.sum(0, keepdims=True)]
        tG += 1
        adam(G, grads, mG, vG, tG, lr)
        d_losses.append(float(d_loss))
    return {"gen_weights1": G[0], "gen_biases1": G[1], "gen_weights2": G[2],
            "gen_biases2": G[3], "d_losses": d_losses, "g_losses": g_losses}
'''),
]
