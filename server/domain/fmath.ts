// exp, log, sin, cos and asin in plain arithmetic (after fdlibm, Sun Microsystems 1993), for the simulator and the
// travel model. Math.exp and friends are only required to be approximately right: V8 in Node 20 and in a current
// Chromium give different last bits for about one input in ten, which would let a run's results depend on where it
// ran. These give the same bits everywhere (IEEE-754 arithmetic is exact to specification), within about one ulp.
const buf = new DataView(new ArrayBuffer(8))
const hiOf = (x: number): number => {
  buf.setFloat64(0, x)
  return buf.getInt32(0)
}
const withHi = (x: number, hi: number): number => {
  buf.setFloat64(0, x)
  buf.setInt32(0, hi)
  return buf.getFloat64(0)
}
const fromWords = (hi: number, lo: number): number => {
  buf.setInt32(0, hi)
  buf.setUint32(4, lo)
  return buf.getFloat64(0)
}

const LN2_HI = 6.9314718036912381649e-1
const LN2_LO = 1.90821492927058770002e-10
const INV_LN2 = 1.442695040888963387
const P1 = 1.66666666666666019037e-1
const P2 = -2.77777777770155933842e-3
const P3 = 6.61375632143793436117e-5
const P4 = -1.6533902205465251539e-6
const P5 = 4.13813679705723846039e-8
const TWOM1000 = 9.3326361850321887899e-302

/** e^x (fdlibm e_exp.c). */
export function fexp (x: number): number {
  if (Number.isNaN(x)) return x
  let hx = hiOf(x)
  const neg = hx < 0
  hx &= 0x7fffffff
  if (hx >= 0x40862e42) {
    if (x === Infinity) return Infinity
    if (x === -Infinity) return 0
    if (x > 7.09782712893383973096e2) return Infinity
    if (x < -7.4513321910194110842e2) return 0
  }
  let hi = 0
  let lo = 0
  let k = 0
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      hi = neg ? x + LN2_HI : x - LN2_HI
      lo = neg ? -LN2_LO : LN2_LO
      k = neg ? -1 : 1
    } else {
      k = Math.trunc(INV_LN2 * x + (neg ? -0.5 : 0.5))
      hi = x - k * LN2_HI
      lo = k * LN2_LO
    }
    x = hi - lo
  } else if (hx < 0x3e300000) {
    return 1 + x
  }
  const t = x * x
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))))
  if (k === 0) return 1 - ((x * c) / (c - 2) - x)
  const y = 1 - (lo - (x * c) / (2 - c) - hi)
  if (k >= -1021) return withHi(y, hiOf(y) + (k << 20))
  return withHi(y, hiOf(y) + ((k + 1000) << 20)) * TWOM1000
}

const TWO54 = 1.8014398509481984e16
const LG1 = 6.66666666666673513e-1
const LG2 = 3.999999999940941908e-1
const LG3 = 2.857142874366239149e-1
const LG4 = 2.222219843214978396e-1
const LG5 = 1.818357216161805012e-1
const LG6 = 1.531383769920937332e-1
const LG7 = 1.479819860511658591e-1

/** Natural logarithm (fdlibm e_log.c). */
export function flog (x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN
  if (x === 0) return -Infinity
  if (x === Infinity) return Infinity
  let hx = hiOf(x)
  let k = 0
  if (hx < 0x00100000) {
    k -= 54
    x *= TWO54
    hx = hiOf(x)
  }
  k += (hx >> 20) - 1023
  hx &= 0x000fffff
  const i0 = (hx + 0x95f64) & 0x100000
  x = withHi(x, hx | (i0 ^ 0x3ff00000))
  k += i0 >> 20
  return logReduced(x - 1, k, hx)
}

// 2^n and 2^−n for n = 0…32, exact (products of 2).
const POW2 = new Float64Array(33)
const INV_POW2 = new Float64Array(33)
for (let n = 0, p = 1; n <= 32; n++, p *= 2) {
  POW2[n] = p
  INV_POW2[n] = 1 / p
}

/**
 * flog(1 − u/2³²) for a 32-bit unsigned integer u, bit for bit, without the float-to-words round trip: the
 * simulator's exponential draws spend most of their time in it. 1 − u/2³² is m/2³² with m = 2³² − u, an integer,
 * so its exponent and the top 20 bits of its fraction (fdlibm's hx) come from Math.clz32 and shifts of m, and
 * f = x·2^−k − 1 is (m − 2^e)/2^e, exact as in flog (test/server/domain/fmath.test.ts compares the two).
 */
export function flogOneMinusU32 (u: number): number {
  if (u === 0) return 0
  const m = 4294967296 - u
  const z = Math.clz32(m)
  // m = 1.fraction × 2^(31 − z), so x = m/2³² has exponent −1 − z; shifting the leading 1 out leaves the fraction.
  const hx = z === 31 ? 0 : (m << (z + 1)) >>> 12
  const i0 = (hx + 0x95f64) & 0x100000
  // flog scales x into [√2/2, √2): by 2^(31 − z) when the fraction is small, else by 2^(32 − z).
  const e = i0 === 0 ? 31 - z : 32 - z
  return logReduced((m - POW2[e]) * INV_POW2[e], -1 - z + (i0 >> 20), hx)
}

/** log(2^k·(1 + f)) for f = x − 1 with x in [√2/2, √2), hx the top 20 bits of x's fraction (fdlibm e_log.c). */
function logReduced (f: number, k: number, hx: number): number {
  const dk = k
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO
    const R = f * f * (0.5 - 0.3333333333333333 * f)
    return k === 0 ? f - R : dk * LN2_HI - (R - dk * LN2_LO - f)
  }
  const s = f / (2 + f)
  const z = s * s
  let i = hx - 0x6147a
  const w = z * z
  const j = 0x6b851 - hx
  const t1 = w * (LG2 + w * (LG4 + w * LG6))
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)))
  i |= j
  const R = t2 + t1
  if (i > 0) {
    const hfsq = 0.5 * f * f
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f)
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f)
}

// Kernels on [-π/4, π/4] (fdlibm k_sin.c, k_cos.c, with no tail).
const S1 = -1.66666666666666324348e-1
const S2 = 8.33333333332248946124e-3
const S3 = -1.98412698298579493134e-4
const S4 = 2.75573137070700676789e-6
const S5 = -2.50507602534068634195e-8
const S6 = 1.58969099521155010221e-10
const C1 = 4.16666666666666019037e-2
const C2 = -1.38888888888741095749e-3
const C3 = 2.48015872894767294178e-5
const C4 = -2.75573143513906633035e-7
const C5 = 2.0875723212981748279e-9
const C6 = -1.13596475577881948265e-11

function kSin (x: number): number {
  const z = x * x
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))
  return x + z * x * (S1 + z * r)
}

function kCos (x: number): number {
  const ix = hiOf(x) & 0x7fffffff
  const z = x * x
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))))
  if (ix < 0x3fd33333) return 1 - (0.5 * z - z * r)
  const qx = ix > 0x3fe90000 ? 0.28125 : fromWords(ix - 0x00200000, 0)
  const hz = 0.5 * z - qx
  return 1 - qx - (hz - z * r)
}

const INV_PIO2 = 6.36619772367581382433e-1
const PIO2_1 = 1.57079632673412561417
const PIO2_2 = 6.0771005063039659766e-11
const PIO2_2T = 2.02226624879595063154e-21

/** x − n·π/2 with n the nearest integer (fdlibm e_rem_pio2.c, medium case, second iteration; |x| < 2^19·π/2). */
function reduce (x: number): [number, number] {
  const n = Math.round(x * INV_PIO2)
  const t = x - n * PIO2_1
  let w = n * PIO2_2
  const r = t - w
  w = n * PIO2_2T - (t - r - w)
  return [r - w, n]
}

export function fsin (x: number): number {
  if (!Number.isFinite(x)) return NaN
  if (Math.abs(x) <= 0.7853981633974483) return kSin(x)
  const [y, n] = reduce(x)
  switch (((n % 4) + 4) % 4) {
    case 0:
      return kSin(y)
    case 1:
      return kCos(y)
    case 2:
      return -kSin(y)
    default:
      return -kCos(y)
  }
}

export function fcos (x: number): number {
  if (!Number.isFinite(x)) return NaN
  if (Math.abs(x) <= 0.7853981633974483) return kCos(x)
  const [y, n] = reduce(x)
  switch (((n % 4) + 4) % 4) {
    case 0:
      return kCos(y)
    case 1:
      return -kSin(y)
    case 2:
      return -kCos(y)
    default:
      return kSin(y)
  }
}

const PIO2_HI = 1.570796326794896558
const PIO2_LO = 6.12323399573676603587e-17
const PIO4_HI = 7.85398163397448278999e-1
const PS0 = 1.66666666666666657415e-1
const PS1 = -3.25565818622400915405e-1
const PS2 = 2.01212532134862925881e-1
const PS3 = -4.00555345006794114027e-2
const PS4 = 7.91534994289814532176e-4
const PS5 = 3.4793310759602116757e-5
const QS1 = -2.40339491173441421878
const QS2 = 2.02094576023350569471
const QS3 = -6.8828397160545329303e-1
const QS4 = 7.70381505559019352791e-2

const asinR = (t: number): number =>
  (t * (PS0 + t * (PS1 + t * (PS2 + t * (PS3 + t * (PS4 + t * PS5)))))) / (1 + t * (QS1 + t * (QS2 + t * (QS3 + t * QS4))))

/** Arc sine (fdlibm e_asin.c). */
export function fasin (x: number): number {
  const a = Math.abs(x)
  if (!(a <= 1)) return NaN
  if (a === 1) return x > 0 ? PIO2_HI + PIO2_LO : -(PIO2_HI + PIO2_LO)
  if (a < 1e-8) return x
  if (a < 0.5) return x + x * asinR(x * x)
  const t = (1 - a) * 0.5
  const s = Math.sqrt(t)
  let y: number
  if (a >= 0.975) {
    y = PIO2_HI - (2 * (s + s * asinR(t)) - PIO2_LO)
  } else {
    const w = fromWords(hiOf(s), 0)
    const c = (t - w * w) / (s + w)
    const p = 2 * s * asinR(t) - (PIO2_LO - 2 * c)
    const q = PIO4_HI - 2 * w
    y = PIO4_HI - (p - q)
  }
  return x < 0 ? -y : y
}
