"""G.711 u-law and A-law (ITU-T G.711) encode/decode for the e2e tools, stdlib only.

Follows the reference algorithm (Sun's g711.c, as CPython's audioop does): u-law on 14-bit
magnitudes with bias 0x21, A-law on 13-bit magnitudes with even-bit inversion (0x55).
audioop itself is not used because Python 3.13 removes it.
"""

_ULAW_SEG_END = (0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF)
_ALAW_SEG_END = (0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF)


def _segment(value, ends):
    for i, end in enumerate(ends):
        if value <= end:
            return i
    return 8


def linear_to_ulaw(sample):
    """One int16 sample -> one u-law byte."""
    pcm = sample >> 2
    if pcm < 0:
        pcm, mask = -pcm, 0x7F
    else:
        mask = 0xFF
    pcm = min(pcm, 8159) + 0x21
    seg = _segment(pcm, _ULAW_SEG_END)
    if seg >= 8:
        return 0x7F ^ mask
    return ((seg << 4) | ((pcm >> (seg + 1)) & 0x0F)) ^ mask


def ulaw_to_linear(byte):
    byte = ~byte & 0xFF
    t = ((byte & 0x0F) << 3) + 0x84
    t <<= (byte & 0x70) >> 4
    return (0x84 - t) if byte & 0x80 else (t - 0x84)


def linear_to_alaw(sample):
    """One int16 sample -> one A-law byte."""
    pcm = sample >> 3
    if pcm >= 0:
        mask = 0xD5
    else:
        mask = 0x55
        pcm = -pcm - 1
    seg = _segment(pcm, _ALAW_SEG_END)
    if seg >= 8:
        return 0x7F ^ mask
    aval = (seg << 4) | ((pcm >> 1 if seg < 2 else pcm >> seg) & 0x0F)
    return aval ^ mask


def alaw_to_linear(byte):
    byte ^= 0x55
    t = (byte & 0x0F) << 4
    seg = (byte & 0x70) >> 4
    if seg == 0:
        t += 8
    elif seg == 1:
        t += 0x108
    else:
        t = (t + 0x108) << (seg - 1)
    return t if byte & 0x80 else -t


ULAW_DECODE = [ulaw_to_linear(b) for b in range(256)]
ALAW_DECODE = [alaw_to_linear(b) for b in range(256)]


def encode(samples, codec):
    """int16 samples -> G.711 bytes; codec is "pcmu" or "pcma"."""
    enc = linear_to_ulaw if codec == "pcmu" else linear_to_alaw
    return bytes(enc(s) for s in samples)


def decode(payload, codec):
    """G.711 bytes -> int16 samples; codec is "pcmu" or "pcma"."""
    table = ULAW_DECODE if codec == "pcmu" else ALAW_DECODE
    return [table[b] for b in payload]
