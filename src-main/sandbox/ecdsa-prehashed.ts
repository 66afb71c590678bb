import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto'

/**
 * ECDSA over a caller-supplied digest (`prehashed: true`). node:crypto always hashes its input,
 * so this is the textbook algorithm over NIST prime curves (a = −3) with BigInt. It is not
 * constant-time, which is acceptable for a local emulator and never used by the app's own keys.
 */
interface Curve {
  p: bigint
  n: bigint
  gx: bigint
  gy: bigint
  bytes: number
}

const h = (s: string): bigint => BigInt(`0x${s}`)
const CURVES: Record<string, Curve> = {
  'P-256': {
    p: h('ffffffff00000001000000000000000000000000ffffffffffffffffffffffff'),
    n: h('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
    gx: h('6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296'),
    gy: h('4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5'),
    bytes: 32
  },
  'P-384': {
    p: h('fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff'),
    n: h('ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973'),
    gx: h('aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7'),
    gy: h('3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f'),
    bytes: 48
  },
  'P-521': {
    p: (1n << 521n) - 1n,
    n: h(
      '01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409'
    ),
    gx: h(
      '00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66'
    ),
    gy: h(
      '011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650'
    ),
    bytes: 66
  }
}

type Jac = [bigint, bigint, bigint]

const mod = (a: bigint, m: bigint): bigint => ((a % m) + m) % m

function inv(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n]
  while (r1 !== 0n) {
    const q = r0 / r1
    ;[r0, r1] = [r1, r0 - q * r1]
    ;[s0, s1] = [s1, s0 - q * s1]
  }
  return mod(s0, m)
}

function dbl([x, y, z]: Jac, p: bigint): Jac {
  if (z === 0n || y === 0n) return [0n, 1n, 0n]
  const delta = mod(z * z, p)
  const gamma = mod(y * y, p)
  const beta = mod(x * gamma, p)
  const alpha = mod(3n * (x - delta) * (x + delta), p)
  const x3 = mod(alpha * alpha - 8n * beta, p)
  const z3 = mod((y + z) ** 2n - gamma - delta, p)
  const y3 = mod(alpha * (4n * beta - x3) - 8n * gamma * gamma, p)
  return [x3, y3, z3]
}

function add(a: Jac, b: Jac, p: bigint): Jac {
  if (a[2] === 0n) return b
  if (b[2] === 0n) return a
  const z1z1 = mod(a[2] * a[2], p)
  const z2z2 = mod(b[2] * b[2], p)
  const u1 = mod(a[0] * z2z2, p)
  const u2 = mod(b[0] * z1z1, p)
  const s1 = mod(a[1] * b[2] * z2z2, p)
  const s2 = mod(b[1] * a[2] * z1z1, p)
  const hh = mod(u2 - u1, p)
  const r = mod(2n * (s2 - s1), p)
  if (hh === 0n) return r === 0n ? dbl(a, p) : [0n, 1n, 0n]
  const i = mod(4n * hh * hh, p)
  const j = mod(hh * i, p)
  const v = mod(u1 * i, p)
  const x3 = mod(r * r - j - 2n * v, p)
  const y3 = mod(r * (v - x3) - 2n * s1 * j, p)
  const z3 = mod(((a[2] + b[2]) ** 2n - z1z1 - z2z2) * hh, p)
  return [x3, y3, z3]
}

function mul(k: bigint, pt: Jac, p: bigint): Jac {
  let acc: Jac = [0n, 1n, 0n]
  for (let i = BigInt(k.toString(2).length - 1); i >= 0n; i--) {
    acc = dbl(acc, p)
    if ((k >> i) & 1n) acc = add(acc, pt, p)
  }
  return acc
}

function affineX([x, , z]: Jac, p: bigint): bigint | undefined {
  if (z === 0n) return undefined
  const zi = inv(z, p)
  return mod(x * zi * zi, p)
}

const big = (b64url: string): bigint => h(Buffer.from(b64url, 'base64url').toString('hex') || '0')

function curveOf(key: KeyObject): Curve {
  const c = CURVES[(key.export({ format: 'jwk' }) as { crv?: string }).crv ?? '']
  if (!c) throw new Error('unsupported curve')
  return c
}

function digestInt(digest: Buffer, n: bigint): bigint {
  const nBits = n.toString(2).length
  const z = h(digest.toString('hex') || '0')
  const excess = digest.length * 8 - nBits
  return excess > 0 ? z >> BigInt(excess) : z
}

export function signDigest(priv: KeyObject, digest: Buffer): Buffer {
  const c = curveOf(priv)
  const d = big((priv.export({ format: 'jwk' }) as { d: string }).d)
  const z = digestInt(digest, c.n)
  for (;;) {
    const k = mod(h(randomBytes(c.bytes + 8).toString('hex')), c.n - 1n) + 1n
    const r = mod(affineX(mul(k, [c.gx, c.gy, 1n], c.p), c.p) ?? 0n, c.n)
    if (r === 0n) continue
    const s = mod(inv(k, c.n) * (z + r * d), c.n)
    if (s !== 0n) return derSignature(r, s)
  }
}

export function verifyDigest(pub: KeyObject, digest: Buffer, signature: Buffer): boolean {
  const c = curveOf(pub)
  const jwk = (pub.type === 'private' ? createPublicKey(pub) : pub).export({ format: 'jwk' }) as {
    x: string
    y: string
  }
  const rs = parseDerSignature(signature)
  if (!rs) return false
  const [r, s] = rs
  if (r <= 0n || r >= c.n || s <= 0n || s >= c.n) return false
  const w = inv(s, c.n)
  const z = digestInt(digest, c.n)
  const pt = add(
    mul(mod(z * w, c.n), [c.gx, c.gy, 1n], c.p),
    mul(mod(r * w, c.n), [big(jwk.x), big(jwk.y), 1n], c.p),
    c.p
  )
  const x = affineX(pt, c.p)
  return x !== undefined && mod(x, c.n) === r
}

function derInt(v: bigint): Buffer {
  let hex = v.toString(16)
  if (hex.length % 2) hex = `0${hex}`
  let b = Buffer.from(hex, 'hex')
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b])
  return Buffer.concat([Buffer.from([0x02, b.length]), b])
}

function derSignature(r: bigint, s: bigint): Buffer {
  const body = Buffer.concat([derInt(r), derInt(s)])
  const len = body.length < 0x80 ? Buffer.from([body.length]) : Buffer.from([0x81, body.length])
  return Buffer.concat([Buffer.from([0x30]), len, body])
}

function parseDerSignature(sig: Buffer): [bigint, bigint] | undefined {
  let i = 0
  if (sig[i++] !== 0x30) return undefined
  let len = sig[i++] ?? 0
  if (len === 0x81) len = sig[i++] ?? 0
  if (len !== sig.length - i) return undefined
  const out: bigint[] = []
  for (let k = 0; k < 2; k++) {
    if (sig[i++] !== 0x02) return undefined
    const l = sig[i++] ?? 0
    if (l === 0 || i + l > sig.length) return undefined
    out.push(h(sig.subarray(i, i + l).toString('hex')))
    i += l
  }
  return i === sig.length ? [out[0]!, out[1]!] : undefined
}
