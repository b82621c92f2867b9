"""Os modelos dos erros conhecidos de m08_regularizacao (só na edição do professor)."""

from __future__ import annotations

import numpy as np

from ...checks.m08_regularizacao import (  # noqa: F401
    _binary,
    _f,
)
from ...spec import Mistake

L1_PENALTY_MISTAKES = [
    Mistake("faltou o valor absoluto: a L1 soma |w|, não w (pesos negativos não podem "
            "diminuir a penalidade)", lambda w, lam: lam * np.sum(_f(w))),
    Mistake("faltou multiplicar por lam: a penalidade é lam · Σ|w|",
            lambda w, lam: np.sum(np.abs(_f(w)))),
    Mistake("você tirou a média (np.mean) em vez de somar: a penalidade é lam · Σ|w|, "
            "a soma de todos os elementos", lambda w, lam: lam * np.mean(np.abs(_f(w)))),
    Mistake("isso é a L2 (lam · Σw²): a L1 soma os valores absolutos, lam · Σ|w|",
            lambda w, lam: lam * np.sum(_f(w) ** 2)),
    Mistake("o valor absoluto veio depois da soma: é Σ|w| (cada peso em módulo), não "
            "|Σw|", lambda w, lam: lam * abs(np.sum(_f(w)))),
    Mistake("faltou somar: a penalidade é um único número, lam · Σ|w|, não o array "
            "lam · |w|", lambda w, lam: lam * np.abs(_f(w))),
]


L1_GRADIENT_MISTAKES = [
    Mistake("em w = 0 o gradiente deve ser 0 (sinal(0) = 0, como np.sign): você usou "
            "+lam para w ≥ 0", lambda w, lam: np.where(_f(w) >= 0, lam, -lam) * np.ones_like(_f(w))),
    Mistake("em w = 0 o gradiente deve ser 0 (sinal(0) = 0, como np.sign): você usou "
            "-lam para w ≤ 0", lambda w, lam: np.where(_f(w) > 0, lam, -lam) * np.ones_like(_f(w))),
    Mistake("w / |w| dá 0/0 = nan em w = 0: use np.sign(weights), que dá 0 ali",
            lambda w, lam: lam * _f(w) / np.abs(_f(w))),
    Mistake("faltou multiplicar por lam: o gradiente é lam · sinal(w)",
            lambda w, lam: np.sign(_f(w))),
    Mistake("isso é o gradiente da L2 (2 · lam · w): o da L1 é lam · sinal(w), que não "
            "depende do tamanho do peso", lambda w, lam: 2 * lam * _f(w)),
    Mistake("você usou lam · w: o gradiente da L1 é lam · sinal(w) (só o sinal do peso "
            "importa)", lambda w, lam: lam * _f(w)),
    Mistake("você devolveu lam · |w| (a penalidade de cada peso): o gradiente é "
            "lam · sinal(w)", lambda w, lam: lam * np.abs(_f(w))),
    Mistake("o gradiente deveria ser lam · sinal(w), com −lam nos pesos negativos; "
            "você zerou os negativos (w > 0 vira 1, o resto 0)",
            lambda w, lam: lam * (_f(w) > 0)),
]


L2_PENALTY_MISTAKES = [
    Mistake("faltou elevar ao quadrado: a L2 é lam · Σw² (o que você fez é a L1, "
            "lam · Σ|w|)", lambda w, lam: lam * np.sum(np.abs(_f(w)))),
    Mistake("faltou elevar ao quadrado: a L2 é lam · Σw²", lambda w, lam: lam * np.sum(_f(w))),
    Mistake("você usou lam/2 · Σw²: a convenção do curso é lam · Σw², sem o ½",
            lambda w, lam: lam / 2 * np.sum(_f(w) ** 2)),
    Mistake("você tirou a raiz (a norma ‖w‖): a L2 usa o quadrado da norma, "
            "lam · Σw², sem raiz", lambda w, lam: lam * np.sqrt(np.sum(_f(w) ** 2))),
    Mistake("faltou multiplicar por lam: a penalidade é lam · Σw²",
            lambda w, lam: np.sum(_f(w) ** 2)),
    Mistake("você tirou a média (np.mean) em vez de somar: a penalidade é lam · Σw²",
            lambda w, lam: lam * np.mean(_f(w) ** 2)),
    Mistake("o quadrado veio depois da soma: é Σw² (cada peso ao quadrado), não (Σw)²",
            lambda w, lam: lam * np.sum(_f(w)) ** 2),
    Mistake("lam também foi ao quadrado: é lam · Σw², não Σ(lam · w)²",
            lambda w, lam: np.sum((lam * _f(w)) ** 2)),
    Mistake("faltou somar: a penalidade é um único número, lam · Σw², não o array "
            "lam · w²", lambda w, lam: lam * _f(w) ** 2),
]


L2_GRADIENT_MISTAKES = [
    Mistake("faltou o 2 da derivada de w²: o gradiente é 2 · lam · w (essa é a "
            "convenção com lam/2, que o curso não usa)", lambda w, lam: lam * _f(w)),
    Mistake("faltou multiplicar por lam: o gradiente é 2 · lam · w",
            lambda w, lam: 2 * _f(w)),
    Mistake("você elevou w ao quadrado: a derivada de lam · w² é 2 · lam · w",
            lambda w, lam: 2 * lam * _f(w) ** 2),
    Mistake("isso é o gradiente da L1 (lam · sinal(w)): o da L2 é 2 · lam · w",
            lambda w, lam: lam * np.sign(_f(w))),
    Mistake("você usou 2 · lam · sinal(w): o gradiente da L2 é 2 · lam · w, proporcional "
            "ao próprio peso", lambda w, lam: 2 * lam * np.sign(_f(w))),
    Mistake("o sinal está trocado: o gradiente é +2 · lam · w (o passo do otimizador já "
            "subtrai)", lambda w, lam: -2 * lam * _f(w)),
    Mistake("lam entrou ao quadrado: o gradiente é 2 · lam · w",
            lambda w, lam: 2 * lam ** 2 * _f(w)),
]


def _dropout_with(x, rate, seed, mask=None, output=None):
    x = _f(x)
    if mask is None:
        mask = _binary(x.shape, rate, seed) / (1 - rate)
    return (x * mask if output is None else output), mask


def _dropout_keep_as_rate(x, rate, seed):
    x = _f(x)
    binary = np.random.default_rng(seed).binomial(1, rate, size=x.shape)
    mask = binary / rate
    return x * mask, mask


def _dropout_global(x, rate, seed):
    x = _f(x)
    mask = np.random.RandomState(0).binomial(1, 1 - rate, size=x.shape) / (1 - rate)
    return x * mask, mask


def _dropout_random_call(x, rate, seed, strict):
    x = _f(x)
    draws = np.random.default_rng(seed).random(x.shape)
    keep = draws >= rate if strict else draws < 1 - rate
    mask = keep / (1 - rate)
    return x * mask, mask


def _dropout_unscaled_mask(x, rate, seed):
    x = _f(x)
    binary = _binary(x.shape, rate, seed).astype(float)
    return x * binary / (1 - rate), binary


def _dropout_shared(x, rate, seed):
    x = _f(x)
    mask = np.random.default_rng(seed).binomial(1, 1 - rate, size=x.shape[-1]) / (1 - rate)
    return x * mask, np.broadcast_to(mask, x.shape).copy()


DROPOUT_FORWARD_MISTAKES = [
    Mistake("rate é a fração DESLIGADA: a probabilidade de manter é 1 − rate; você "
            "usou rng.binomial(1, rate, ...) / rate, como se rate fosse a de manter",
            _dropout_keep_as_rate),
    Mistake("faltou escalar a máscara por 1/(1 − rate) (o dropout invertido): sem isso, "
            "a soma esperada da saída encolhe no treino",
            lambda x, rate, seed: _dropout_with(x, rate, seed,
                                                mask=_binary(np.shape(x), rate, seed) * 1.0)),
    Mistake("a escala é 1/(1 − rate), a probabilidade de manter; você dividiu por rate",
            lambda x, rate, seed: _dropout_with(x, rate, seed,
                                                mask=_binary(np.shape(x), rate, seed) / rate)),
    Mistake("você multiplicou por (1 − rate) em vez de dividir: a escala do dropout "
            "invertido é 1/(1 − rate)",
            lambda x, rate, seed: _dropout_with(
                x, rate, seed, mask=_binary(np.shape(x), rate, seed) * (1 - rate))),
    Mistake("você usou o gerador global (np.random.binomial) em vez do rng recebido: "
            "use rng.binomial(1, 1 - rate, size=inputs.shape), para que a mesma semente "
            "sorteie a mesma máscara", _dropout_global),
    Mistake("a máscara foi sorteada com rng.random(...) >= rate: a ideia está certa, "
            "mas o enunciado pede rng.binomial(1, 1 - rate, size=inputs.shape), e outra "
            "chamada do gerador sorteia outra máscara",
            lambda x, rate, seed: _dropout_random_call(x, rate, seed, True)),
    Mistake("a máscara foi sorteada com rng.random(...) < 1 - rate: a ideia está certa, "
            "mas o enunciado pede rng.binomial(1, 1 - rate, size=inputs.shape), e outra "
            "chamada do gerador sorteia outra máscara",
            lambda x, rate, seed: _dropout_random_call(x, rate, seed, False)),
    Mistake("a saída foi escalada, mas a máscara devolvida não: devolva a máscara já "
            "dividida por (1 − rate), a mesma que multiplicou inputs (a volta usa ela)",
            _dropout_unscaled_mask),
    Mistake("você sorteou uma máscara só para a última dimensão (size=inputs.shape[-1]), "
            "repetida em todas as linhas: cada elemento precisa do seu sorteio, "
            "size=inputs.shape", _dropout_shared),
]


DROPOUT_BACKWARD_MISTAKES = [
    Mistake("você esqueceu de multiplicar por dvalues (a regra da cadeia): devolva "
            "dvalues * mask", lambda d, m: _f(m)),
    Mistake("faltou a máscara: os neurônios desligados na ida não recebem gradiente; "
            "devolva dvalues * mask", lambda d, m: _f(d)),
    Mistake("a máscara devolvida pela ida já vem escalada por 1/(1 − rate): use ela "
            "inteira, dvalues * mask, e não só onde ela é positiva (mask > 0)",
            lambda d, m: _f(d) * (_f(m) > 0)),
    Mistake("você dividiu dvalues pela máscara: a derivada de inputs · mask é mask, "
            "então é dvalues * mask", lambda d, m: _f(d) / _f(m)),
    Mistake("o sinal está trocado: dinputs = dvalues * mask",
            lambda d, m: -_f(d) * _f(m)),
]


def _split_model(kind):
    def model(n, fraction, seed):
        rng = np.random.default_rng(seed)
        if kind == "int":
            n_val = int(n * fraction)
        elif kind == "ceil":
            n_val = int(np.ceil(n * fraction))
        elif kind == "treino":
            n_val = round(n * (1 - fraction))
        else:
            n_val = round(n * fraction)
        if kind != "sem limites":
            n_val = min(max(n_val, 1), n - 1)
        if kind == "sem embaralhar":
            order = np.arange(n)
        elif kind == "global":
            order = np.random.RandomState(0).permutation(n)
        else:
            order = rng.permutation(n)
        if kind == "fim":
            return order[:n - n_val], order[n - n_val:]
        if kind == "trocado":
            return order[:n_val], order[n_val:]
        if kind == "sobrepõe":
            return order.copy(), order[:n_val]
        return order[n_val:], order[:n_val]

    return model


SPLIT_MISTAKES = [
    Mistake("a validação deve ser o COMEÇO da permutação (order[:n_val]) e o treino o "
            "resto; você usou o fim", _split_model("fim")),
    Mistake("a tupla está trocada: devolva (train_idx, val_idx), o treino primeiro",
            _split_model("trocado")),
    Mistake("int(n_samples * val_fraction) corta a parte decimal: o tamanho da "
            "validação é round(n_samples * val_fraction)", _split_model("int")),
    Mistake("você arredondou para cima (ceil): o tamanho da validação é "
            "round(n_samples * val_fraction)", _split_model("ceil")),
    Mistake("val_fraction é a fração da VALIDAÇÃO: n_val = round(n_samples * "
            "val_fraction); você usou a fração do treino", _split_model("treino")),
    Mistake("faltou limitar o tamanho: a validação tem pelo menos 1 e no máximo "
            "n_samples − 1 amostras (nenhuma parte fica vazia)", _split_model("sem limites")),
    Mistake("você não embaralhou: sorteie a ordem com order = rng.permutation(n_samples)",
            _split_model("sem embaralhar")),
    Mistake("você usou o gerador global (np.random.permutation) em vez do rng "
            "recebido: use rng.permutation(n_samples)", _split_model("global")),
    Mistake("o treino tem todas as amostras, também as da validação: o treino é só o "
            "resto da permutação, order[n_val:]", _split_model("sobrepõe")),
]


def _kfold_model(kind):
    def model(n, k, shuffle=False, rng=None):
        gen = np.random.default_rng(rng)
        do_shuffle = shuffle
        if kind == "embaralha sempre":
            do_shuffle = rng is not None
        elif kind == "nunca embaralha":
            do_shuffle = False
        if do_shuffle:
            order = (np.random.RandomState(0).permutation(n) if kind == "global"
                     else gen.permutation(n))
        else:
            order = np.arange(n)
        base, extra = divmod(n, k)
        if kind == "resto na última":
            sizes = [base] * (k - 1) + [base + extra]
        elif kind == "resto descartado":
            sizes = [base] * k
        elif kind == "resto nas últimas":
            sizes = [base] * (k - extra) + [base + 1] * extra
        else:
            sizes = [base + (1 if i < extra else 0) for i in range(k)]
        folds = []
        start = 0
        for i, size in enumerate(sizes):
            if kind == "intercalado":
                val = order[i::k]
                train = np.array([j for j in order if j not in set(val.tolist())], dtype=int)
            else:
                val = order[start:start + size]
                train = np.concatenate([order[:start], order[start + size:]])
                if kind == "treino com tudo":
                    train = order.copy()
            folds.append((train, val))
            start += size
        if kind == "um a menos":
            folds = folds[:-1]
        return tuple(folds)

    return model


KFOLD_MISTAKES = [
    Mistake("o resto da divisão foi todo para a última parte: com n = q·k + r, as "
            "PRIMEIRAS r partes ganham uma amostra a mais (os tamanhos diferem de no "
            "máximo 1, como em np.array_split)", _kfold_model("resto na última")),
    Mistake("o resto da divisão ficou de fora: as n % k amostras que sobram nunca vão "
            "para a validação; as primeiras n % k partes ganham uma amostra a mais",
            _kfold_model("resto descartado")),
    Mistake("o resto foi para as ÚLTIMAS partes: o combinado é que as primeiras n % k "
            "partes ganhem uma amostra a mais (como em np.array_split)",
            _kfold_model("resto nas últimas")),
    Mistake("as partes devem ser blocos consecutivos da ordem (order[início:fim]), não "
            "amostras intercaladas (order[i::k])", _kfold_model("intercalado")),
    Mistake("o treino de cada rodada tem todas as amostras, também as da validação: o "
            "treino é só o que não está na parte da rodada", _kfold_model("treino com tudo")),
    Mistake("faltou a última rodada: são k pares (train_idx, val_idx)",
            _kfold_model("um a menos")),
    Mistake("você embaralhou com shuffle=False (só porque um rng foi passado): "
            "embaralhe apenas quando shuffle for True", _kfold_model("embaralha sempre")),
    Mistake("com shuffle=True a ordem deve ser rng.permutation(n_samples), sorteada uma "
            "vez; você não embaralhou", _kfold_model("nunca embaralha")),
    Mistake("você usou o gerador global (np.random.permutation) em vez do rng recebido: "
            "use rng.permutation(n_samples)", _kfold_model("global")),
]


def _early_model(kind):
    def model(losses, patience, min_delta=0.0):
        losses = [float(v) for v in losses]
        if kind == "ignora min_delta":
            min_delta = 0.0
        limit = patience + 1 if kind == "uma a mais" else patience
        best, best_epoch, waited = losses[0], 0, 0
        stop = len(losses) if kind == "len" else len(losses) - 1
        for epoch in range(1, len(losses)):
            loss = losses[epoch]
            compared = losses[0] if kind == "compara com a época 0" else best
            if kind == "empate melhora":
                improved = loss <= compared - min_delta
            elif kind == "min_delta somado":
                improved = loss < compared + min_delta
            else:
                improved = loss < compared - min_delta
            if improved:
                best, best_epoch = loss, epoch
                if kind != "não zera":
                    waited = 0
            else:
                waited += 1
            if waited >= limit:
                stop = epoch
                break
        result = (best_epoch, stop)
        if kind == "base 1":
            result = (best_epoch + 1, stop + 1)
        elif kind == "trocado":
            result = (stop, best_epoch)
        elif kind == "argmin de tudo":
            result = (int(np.argmin(losses)), stop)
        return result

    return model


EARLY_STOPPING_MISTAKES = [
    Mistake("um empate não é melhora: use perda < melhor − min_delta (com <=, a melhor "
            "época anda para a mais nova e o contador zera)", _early_model("empate melhora")),
    Mistake("as épocas contam a partir de 0 (a primeira perda é a época 0): você "
            "devolveu as épocas contando de 1", _early_model("base 1")),
    Mistake("o treino parou uma época tarde: ele para quando o contador de épocas sem "
            "melhora CHEGA a patience (==), não quando passa dela", _early_model("uma a mais")),
    Mistake("o contador de épocas sem melhora deve voltar a 0 quando a perda melhora",
            _early_model("não zera")),
    Mistake("quando a paciência não se esgota, o treino vai até a última época: "
            "stop_epoch = len(val_losses) − 1", _early_model("len")),
    Mistake("a melhor época é a melhor ATÉ a parada, seguindo a regra de melhora (com "
            "min_delta), e não o mínimo da lista inteira (np.argmin)",
            _early_model("argmin de tudo")),
    Mistake("min_delta foi ignorado: uma época só melhora se perda < melhor − min_delta",
            _early_model("ignora min_delta")),
    Mistake("min_delta foi somado ao contrário: a época melhora se perda < melhor − "
            "min_delta (a perda tem de cair mais que min_delta)",
            _early_model("min_delta somado")),
    Mistake("a comparação deve ser com a MELHOR perda até agora, não com a da época 0",
            _early_model("compara com a época 0")),
    Mistake("a tupla está trocada: devolva (best_epoch, stop_epoch)", _early_model("trocado")),
]


def _augment_model(kind):
    def model(images, flip_prob=0.5, noise_std=0.1, rng=None):
        images = _f(images)
        gen = np.random.RandomState(0) if kind == "global" else np.random.default_rng(rng)
        n = len(images)
        if kind == "ruído antes":
            noise = gen.normal(0.0, noise_std, size=images.shape)
            flip = gen.random(n) < flip_prob
        elif kind == "global":
            flip = gen.random_sample(n) < flip_prob
            noise = gen.normal(0.0, noise_std, size=images.shape)
        else:
            flip = gen.random(n) < flip_prob
            if kind == "condição invertida":
                flip = ~flip
            std = noise_std ** 2 if kind == "variância" else noise_std
            noise = gen.normal(0.0, std, size=images.shape)
        if kind == "espelha todas":
            flip = np.ones(n, dtype=bool)
        if kind == "vertical":
            mirrored = images[:, ::-1, :]
        elif kind == "ordem":
            mirrored = images[::-1]
        else:
            mirrored = images[:, :, ::-1]
        chosen = np.where(np.reshape(flip, (-1, 1, 1)), mirrored, images)
        if kind == "sem ruído":
            return chosen
        if kind == "multiplicativo":
            return chosen * (1 + noise)
        return chosen + noise

    return model


AUGMENT_MISTAKES = [
    Mistake("você espelhou na vertical (as linhas, eixo 1): o espelho horizontal inverte "
            "as COLUNAS, images[:, :, ::-1] (como np.fliplr em cada imagem)",
            _augment_model("vertical")),
    Mistake("você inverteu a ordem das imagens (eixo 0), não as colunas de cada imagem: "
            "o espelho horizontal é images[:, :, ::-1]", _augment_model("ordem")),
    Mistake("a condição está invertida: a imagem i é espelhada quando "
            "rng.random(N)[i] < flip_prob", _augment_model("condição invertida")),
    Mistake("você espelhou todas as imagens: cada uma é espelhada só quando o seu sorteio "
            "rng.random(N)[i] < flip_prob", _augment_model("espelha todas")),
    Mistake("o ruído foi sorteado antes da decisão de espelhar: a ordem pedida é "
            "primeiro rng.random(len(images)), depois rng.normal(...)",
            _augment_model("ruído antes")),
    Mistake("faltou somar o ruído rng.normal(0.0, noise_std, size=images.shape)",
            _augment_model("sem ruído")),
    Mistake("o ruído deve ser SOMADO às imagens, não multiplicado",
            _augment_model("multiplicativo")),
    Mistake("noise_std é o desvio padrão (o scale de rng.normal), não a variância: "
            "não eleve ao quadrado", _augment_model("variância")),
    Mistake("você usou o gerador global (np.random) em vez do rng recebido",
            _augment_model("global")),
]


MISTAKES = {
    'l1_penalty': L1_PENALTY_MISTAKES,
    'l1_gradient': L1_GRADIENT_MISTAKES,
    'l2_penalty': L2_PENALTY_MISTAKES,
    'l2_gradient': L2_GRADIENT_MISTAKES,
    'dropout_forward': DROPOUT_FORWARD_MISTAKES,
    'dropout_backward': DROPOUT_BACKWARD_MISTAKES,
    'train_val_split': SPLIT_MISTAKES,
    'kfold_indices': KFOLD_MISTAKES,
    'early_stopping_epoch': EARLY_STOPPING_MISTAKES,
    'augment_images': AUGMENT_MISTAKES,
}
