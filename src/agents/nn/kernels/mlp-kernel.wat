;; The kernels of ../trainable-mlp.ts on float64, WebAssembly SIMD (f64x2). Contracts are
;; those of the `MlpKernel` interface in ../kernel.ts, whose scalar TypeScript versions the
;; tests compare these against. All pointers are byte addresses into the imported memory
;; (8-byte aligned doubles; the buffers start 16-byte aligned).
;;
;; ---- gemmNT
;;   C[m·N + n] = bias[n] + Σ_k A[m·K + k] · B[n·K + k]     (m < M, n < N)
;;
;; A is [M, K] and B is [N, K], row-major, so every output is a dot product of two
;; contiguous rows; the k loop runs two lanes at a time. Blocks of 2 rows × 4 columns
;; keep 8 accumulators in registers: 6 loads for 16 multiply-adds per iteration, no
;; stores in the inner loop (the same blocking as the scalar version).
;; `hasBias` = 0 skips the bias (its pointer is then ignored).
;; Summation order differs from the scalar kernel (two partial sums per dot product,
;; added at the end), so results agree to rounding (~1e-15 relative), not bit for bit.
;;
;; Build: `npm run build:wasm` (wabt's wat2wasm) writes mlp-kernel.wasm next to this
;; file; test/agents/nn/kernel.test.ts checks that the committed binary matches this source.
(module
  (memory (import "env" "memory") 1)

  (func (export "gemmNT")
    (param $a i32) (param $b i32) (param $c i32)
    (param $M i32) (param $K i32) (param $N i32)
    (param $bias i32) (param $hasBias i32)
    (local $rowBytes i32) (local $kEvenBytes i32)
    (local $m i32) (local $n i32) (local $kb i32)
    (local $a0 i32) (local $a1 i32) (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local $o0 i32) (local $o1 i32)
    (local $x0 v128) (local $x1 v128) (local $w v128)
    (local $c00 v128) (local $c01 v128) (local $c02 v128) (local $c03 v128)
    (local $c10 v128) (local $c11 v128) (local $c12 v128) (local $c13 v128)
    ;; Bytes per row of A and B, and the bytes covered by whole f64x2 pairs.
    (local.set $rowBytes (i32.shl (local.get $K) (i32.const 3)))
    (local.set $kEvenBytes (i32.shl (i32.and (local.get $K) (i32.const -2)) (i32.const 3)))

    ;; ---- rows in pairs
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (i32.add (local.get $m) (i32.const 1)) (local.get $M)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $m) (local.get $rowBytes))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $rowBytes)))
        (local.set $o0 (i32.add (local.get $c) (i32.shl (i32.mul (local.get $m) (local.get $N)) (i32.const 3))))
        (local.set $o1 (i32.add (local.get $o0) (i32.shl (local.get $N) (i32.const 3))))

        ;; ---- columns in fours: the 2 × 4 register block
        (local.set $n (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_s (i32.add (local.get $n) (i32.const 3)) (local.get $N)))
            (local.set $b0 (i32.add (local.get $b) (i32.mul (local.get $n) (local.get $rowBytes))))
            (local.set $b1 (i32.add (local.get $b0) (local.get $rowBytes)))
            (local.set $b2 (i32.add (local.get $b1) (local.get $rowBytes)))
            (local.set $b3 (i32.add (local.get $b2) (local.get $rowBytes)))
            (local.set $c00 (v128.const i64x2 0 0)) (local.set $c01 (v128.const i64x2 0 0))
            (local.set $c02 (v128.const i64x2 0 0)) (local.set $c03 (v128.const i64x2 0 0))
            (local.set $c10 (v128.const i64x2 0 0)) (local.set $c11 (v128.const i64x2 0 0))
            (local.set $c12 (v128.const i64x2 0 0)) (local.set $c13 (v128.const i64x2 0 0))
            (local.set $kb (i32.const 0))
            (block $kDone
              (loop $k
                (br_if $kDone (i32.ge_s (local.get $kb) (local.get $kEvenBytes)))
                (local.set $x0 (v128.load (i32.add (local.get $a0) (local.get $kb))))
                (local.set $x1 (v128.load (i32.add (local.get $a1) (local.get $kb))))
                (local.set $w (v128.load (i32.add (local.get $b0) (local.get $kb))))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x0) (local.get $w))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x1) (local.get $w))))
                (local.set $w (v128.load (i32.add (local.get $b1) (local.get $kb))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x0) (local.get $w))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x1) (local.get $w))))
                (local.set $w (v128.load (i32.add (local.get $b2) (local.get $kb))))
                (local.set $c02 (f64x2.add (local.get $c02) (f64x2.mul (local.get $x0) (local.get $w))))
                (local.set $c12 (f64x2.add (local.get $c12) (f64x2.mul (local.get $x1) (local.get $w))))
                (local.set $w (v128.load (i32.add (local.get $b3) (local.get $kb))))
                (local.set $c03 (f64x2.add (local.get $c03) (f64x2.mul (local.get $x0) (local.get $w))))
                (local.set $c13 (f64x2.add (local.get $c13) (f64x2.mul (local.get $x1) (local.get $w))))
                (local.set $kb (i32.add (local.get $kb) (i32.const 16)))
                (br $k)))
            ;; Horizontal sums, two outputs per v128: [Σc00, Σc01] = lanes 0 + lanes 1.
            (call $store2 (local.get $c00) (local.get $c01) (local.get $a0) (local.get $b0) (local.get $b1) (local.get $kEvenBytes) (local.get $rowBytes) (i32.add (local.get $o0) (i32.shl (local.get $n) (i32.const 3))) (i32.add (local.get $bias) (i32.shl (local.get $n) (i32.const 3))) (local.get $hasBias))
            (call $store2 (local.get $c02) (local.get $c03) (local.get $a0) (local.get $b2) (local.get $b3) (local.get $kEvenBytes) (local.get $rowBytes) (i32.add (local.get $o0) (i32.shl (i32.add (local.get $n) (i32.const 2)) (i32.const 3))) (i32.add (local.get $bias) (i32.shl (i32.add (local.get $n) (i32.const 2)) (i32.const 3))) (local.get $hasBias))
            (call $store2 (local.get $c10) (local.get $c11) (local.get $a1) (local.get $b0) (local.get $b1) (local.get $kEvenBytes) (local.get $rowBytes) (i32.add (local.get $o1) (i32.shl (local.get $n) (i32.const 3))) (i32.add (local.get $bias) (i32.shl (local.get $n) (i32.const 3))) (local.get $hasBias))
            (call $store2 (local.get $c12) (local.get $c13) (local.get $a1) (local.get $b2) (local.get $b3) (local.get $kEvenBytes) (local.get $rowBytes) (i32.add (local.get $o1) (i32.shl (i32.add (local.get $n) (i32.const 2)) (i32.const 3))) (i32.add (local.get $bias) (i32.shl (i32.add (local.get $n) (i32.const 2)) (i32.const 3))) (local.get $hasBias))
            (local.set $n (i32.add (local.get $n) (i32.const 4)))
            (br $cols)))

        ;; ---- leftover columns (N mod 4) of this row pair
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_s (local.get $n) (local.get $N)))
            (local.set $b0 (i32.add (local.get $b) (i32.mul (local.get $n) (local.get $rowBytes))))
            (call $dot (local.get $a0) (local.get $b0) (local.get $rowBytes) (local.get $o0) (local.get $n) (local.get $bias) (local.get $hasBias))
            (call $dot (local.get $a1) (local.get $b0) (local.get $rowBytes) (local.get $o1) (local.get $n) (local.get $bias) (local.get $hasBias))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br $tail)))
        (local.set $m (i32.add (local.get $m) (i32.const 2)))
        (br $rows)))

    ;; ---- the last row when M is odd
    (if (i32.lt_s (local.get $m) (local.get $M))
      (then
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $m) (local.get $rowBytes))))
        (local.set $o0 (i32.add (local.get $c) (i32.shl (i32.mul (local.get $m) (local.get $N)) (i32.const 3))))
        (local.set $n (i32.const 0))
        (block $lastDone
          (loop $last
            (br_if $lastDone (i32.ge_s (local.get $n) (local.get $N)))
            (call $dot (local.get $a0) (i32.add (local.get $b) (i32.mul (local.get $n) (local.get $rowBytes))) (local.get $rowBytes) (local.get $o0) (local.get $n) (local.get $bias) (local.get $hasBias))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br $last))))))

;; out[0..1] = [Σ lanes of p, Σ lanes of q] + the odd-K terms ar[K−1]·[bp, bq][K−1]
  ;; + bias[0..1], as one v128 store (p, q: the accumulators of two adjacent columns).
  (func $store2
    (param $p v128) (param $q v128) (param $ar i32) (param $bp i32) (param $bq i32)
    (param $kEvenBytes i32) (param $rowBytes i32) (param $out i32) (param $bias i32) (param $hasBias i32)
    (local $s v128)
    (local.set $s (f64x2.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $p) (local.get $q))      ;; [p0, q0]
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $p) (local.get $q)))) ;; [p1, q1]
    (if (i32.ne (local.get $kEvenBytes) (local.get $rowBytes))
      (then
        (local.set $s (f64x2.add (local.get $s)
          (f64x2.mul (f64x2.splat (f64.load (i32.add (local.get $ar) (local.get $kEvenBytes))))
            (f64x2.replace_lane 1
              (f64x2.splat (f64.load (i32.add (local.get $bp) (local.get $kEvenBytes))))
              (f64.load (i32.add (local.get $bq) (local.get $kEvenBytes)))))))))
    (if (local.get $hasBias)
      (then (local.set $s (f64x2.add (local.get $s) (v128.load (local.get $bias))))))
    (v128.store (local.get $out) (local.get $s)))

  ;; out[n] = Σ_k ar[k]·br[k] + bias[n], scalar (the N mod 4 and odd-M tails)
  (func $dot
    (param $ar i32) (param $br i32) (param $rowBytes i32)
    (param $out i32) (param $n i32) (param $bias i32) (param $hasBias i32)
    (local $kb i32) (local $s f64)
    (block $done
      (loop $k
        (br_if $done (i32.ge_s (local.get $kb) (local.get $rowBytes)))
        (local.set $s (f64.add (local.get $s)
          (f64.mul (f64.load (i32.add (local.get $ar) (local.get $kb)))
                   (f64.load (i32.add (local.get $br) (local.get $kb))))))
        (local.set $kb (i32.add (local.get $kb) (i32.const 8)))
        (br $k)))
    (if (local.get $hasBias)
      (then
        (local.set $s (f64.add (local.get $s) (f64.load (i32.add (local.get $bias) (i32.shl (local.get $n) (i32.const 3))))))))
    (f64.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))) (local.get $s)))
;; ---- element-wise ops of the hidden layers (two lanes at a time, odd tail via a splat)

;; x[i] ← tanh x[i], i < len, two lanes at a time (the odd last element as a splat):
  ;;   tanh x = 1 − 2/(e^y + 1), y = 2x clamped to [−40, 40] (tanh 20 rounds to 1),
  ;; the formula of the scalar version, exact at the extremes. e^y to ~1 ulp:
  ;; y = k·ln 2 + r with |r| ≤ ln2/2 (Cody–Waite split of ln 2, fdlibm's constants),
  ;; e^r by its Taylor series to r^12, 2^k built in the exponent bits.
  (func (export "tanh") (param $p i32) (param $len i32)
    (local $end i32) (local $pair i32) (local $y v128) (local $k v128) (local $r v128) (local $r2 v128) (local $r4 v128) (local $e v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $len) (i32.const 3))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $pair (i32.le_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
        (local.set $y (if (result v128) (local.get $pair)
          (then (v128.load (local.get $p)))
          (else (f64x2.splat (f64.load (local.get $p))))))
        (local.set $y (f64x2.add (local.get $y) (local.get $y)))
        (local.set $y (f64x2.pmax (f64x2.pmin (local.get $y) (f64x2.splat (f64.const 40))) (f64x2.splat (f64.const -40))))
        (local.set $k (f64x2.nearest (f64x2.mul (local.get $y) (f64x2.splat (f64.const 1.4426950408889634)))))
        (local.set $r (f64x2.sub
          (f64x2.sub (local.get $y) (f64x2.mul (local.get $k) (f64x2.splat (f64.const 6.93147180369123816490e-01))))
          (f64x2.mul (local.get $k) (f64x2.splat (f64.const 1.90821492927058770002e-10)))))
        ;; e^r = Σ_{i ≤ 12} r^i / i! (truncation < 2e-16 for |r| ≤ ln2/2), by Estrin's
        ;; scheme: pairs (c_i + c_{i+1}·r) combined with r², r⁴, r⁸, a dependency chain of
        ;; depth 6 instead of Horner's 12 (this loop is latency-bound).
        (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
        (local.set $r4 (f64x2.mul (local.get $r2) (local.get $r2)))
        (local.set $e (f64x2.add
          (f64x2.add
            (f64x2.add (f64x2.add (f64x2.splat (f64.const 1.0)) (f64x2.mul (f64x2.splat (f64.const 1.0)) (local.get $r))) (f64x2.mul (local.get $r2) (f64x2.add (f64x2.splat (f64.const 0.5)) (f64x2.mul (f64x2.splat (f64.const 0.16666666666666666)) (local.get $r)))))
            (f64x2.mul (local.get $r4)
              (f64x2.add (f64x2.add (f64x2.splat (f64.const 0.041666666666666664)) (f64x2.mul (f64x2.splat (f64.const 0.008333333333333333)) (local.get $r))) (f64x2.mul (local.get $r2) (f64x2.add (f64x2.splat (f64.const 0.001388888888888889)) (f64x2.mul (f64x2.splat (f64.const 0.0001984126984126984)) (local.get $r)))))))
          (f64x2.mul (f64x2.mul (local.get $r4) (local.get $r4))
            (f64x2.add
              (f64x2.add (f64x2.add (f64x2.splat (f64.const 2.48015873015873e-05)) (f64x2.mul (f64x2.splat (f64.const 2.7557319223985893e-06)) (local.get $r))) (f64x2.mul (local.get $r2) (f64x2.add (f64x2.splat (f64.const 2.755731922398589e-07)) (f64x2.mul (f64x2.splat (f64.const 2.505210838544172e-08)) (local.get $r)))))
              (f64x2.mul (local.get $r4) (f64x2.splat (f64.const 2.08767569878681e-09)))))))
        ;; × 2^k: bits (k + 1023) << 52, k from the two f64 lanes via i32 (|k| ≤ 58)
        (local.set $e (f64x2.mul (local.get $e)
          (i64x2.shl
            (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $k))) (i64x2.splat (i64.const 1023)))
            (i32.const 52))))
        (local.set $y (f64x2.sub (f64x2.splat (f64.const 1))
          (f64x2.div (f64x2.splat (f64.const 2)) (f64x2.add (local.get $e) (f64x2.splat (f64.const 1))))))
        (if (local.get $pair)
          (then (v128.store (local.get $p) (local.get $y)))
          (else (f64.store (local.get $p) (f64x2.extract_lane 0 (local.get $y)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $l))))

  ;; x[i] ← x[i] > 0 ? x[i] : 0 (NaN → 0, as the scalar version)
  (func (export "relu") (param $p i32) (param $len i32)
    (local $end i32) (local $pairsEnd i32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $len) (i32.const 3))))
    (local.set $pairsEnd (i32.add (local.get $p) (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $p) (local.get $pairsEnd)))
        ;; pmax(0, x) = 0 < x ? x : 0
        (v128.store (local.get $p) (f64x2.pmax (v128.const i64x2 0 0) (v128.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $l)))
    (if (i32.lt_u (local.get $p) (local.get $end))
      (then (f64.store (local.get $p)
        (select (f64.load (local.get $p)) (f64.const 0) (f64.gt (f64.load (local.get $p)) (f64.const 0)))))))

  ;; δ[i] ← δ[i]·(1 − h[i]²): tanh' from the cached output h
  (func (export "tanhGrad") (param $d i32) (param $h i32) (param $len i32)
    (local $end i32) (local $pairsEnd i32) (local $hv v128)
    (local.set $end (i32.add (local.get $d) (i32.shl (local.get $len) (i32.const 3))))
    (local.set $pairsEnd (i32.add (local.get $d) (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $d) (local.get $pairsEnd)))
        (local.set $hv (v128.load (local.get $h)))
        (v128.store (local.get $d)
          (f64x2.mul (v128.load (local.get $d))
            (f64x2.sub (f64x2.splat (f64.const 1)) (f64x2.mul (local.get $hv) (local.get $hv)))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $h (i32.add (local.get $h) (i32.const 16)))
        (br $l)))
    (if (i32.lt_u (local.get $d) (local.get $end))
      (then (f64.store (local.get $d)
        (f64.mul (f64.load (local.get $d))
          (f64.sub (f64.const 1) (f64.mul (f64.load (local.get $h)) (f64.load (local.get $h)))))))))

  ;; δ[i] ← h[i] > 0 ? δ[i] : 0: ReLU' from the cached output h
  (func (export "reluGrad") (param $d i32) (param $h i32) (param $len i32)
    (local $end i32) (local $pairsEnd i32)
    (local.set $end (i32.add (local.get $d) (i32.shl (local.get $len) (i32.const 3))))
    (local.set $pairsEnd (i32.add (local.get $d) (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $d) (local.get $pairsEnd)))
        (v128.store (local.get $d)
          (v128.and (v128.load (local.get $d)) (f64x2.gt (v128.load (local.get $h)) (v128.const i64x2 0 0))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $h (i32.add (local.get $h) (i32.const 16)))
        (br $l)))
    (if (i32.lt_u (local.get $d) (local.get $end))
      (then (f64.store (local.get $d)
        (select (f64.load (local.get $d)) (f64.const 0) (f64.gt (f64.load (local.get $h)) (f64.const 0)))))))

;; dst[c·rows + r] = src[r·cols + c]: the [cols, rows] transpose of a [rows, cols] block.
  ;; 2 × 2 tiles: two v128 loads (rows r, r+1 at columns c, c+1), two shuffles, two v128
  ;; stores (rows c, c+1 of dst at columns r, r+1); the odd last row/column element-wise.
  (func (export "transpose") (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $r i32) (local $c i32) (local $s0 i32) (local $s1 i32) (local $d0 i32) (local $d1 i32)
    (local $u v128) (local $v v128) (local $srcRow i32) (local $dstRow i32)
    (local.set $srcRow (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $dstRow (i32.shl (local.get $rows) (i32.const 3)))
    (block $rDone
      (loop $rLoop
        (br_if $rDone (i32.ge_s (i32.add (local.get $r) (i32.const 1)) (local.get $rows)))
        (local.set $s0 (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $srcRow))))
        (local.set $s1 (i32.add (local.get $s0) (local.get $srcRow)))
        (local.set $c (i32.const 0))
        (block $cDone
          (loop $cLoop
            (br_if $cDone (i32.ge_s (i32.add (local.get $c) (i32.const 1)) (local.get $cols)))
            (local.set $u (v128.load (i32.add (local.get $s0) (i32.shl (local.get $c) (i32.const 3)))))  ;; [x(r,c), x(r,c+1)]
            (local.set $v (v128.load (i32.add (local.get $s1) (i32.shl (local.get $c) (i32.const 3)))))  ;; [x(r+1,c), x(r+1,c+1)]
            (local.set $d0 (i32.add (i32.add (local.get $dst) (i32.mul (local.get $c) (local.get $dstRow))) (i32.shl (local.get $r) (i32.const 3))))
            (local.set $d1 (i32.add (local.get $d0) (local.get $dstRow)))
            (v128.store (local.get $d0) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $u) (local.get $v)))
            (v128.store (local.get $d1) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $u) (local.get $v)))
            (local.set $c (i32.add (local.get $c) (i32.const 2)))
            (br $cLoop)))
        (if (i32.lt_s (local.get $c) (local.get $cols))  ;; odd last column
          (then
            (local.set $d0 (i32.add (i32.add (local.get $dst) (i32.mul (local.get $c) (local.get $dstRow))) (i32.shl (local.get $r) (i32.const 3))))
            (f64.store (local.get $d0) (f64.load (i32.add (local.get $s0) (i32.shl (local.get $c) (i32.const 3)))))
            (f64.store offset=8 (local.get $d0) (f64.load (i32.add (local.get $s1) (i32.shl (local.get $c) (i32.const 3)))))))
        (local.set $r (i32.add (local.get $r) (i32.const 2)))
        (br $rLoop)))
    (if (i32.lt_s (local.get $r) (local.get $rows))  ;; odd last row
      (then
        (local.set $s0 (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $srcRow))))
        (local.set $c (i32.const 0))
        (block $done
          (loop $l
            (br_if $done (i32.ge_s (local.get $c) (local.get $cols)))
            (f64.store
              (i32.add (i32.add (local.get $dst) (i32.mul (local.get $c) (local.get $dstRow))) (i32.shl (local.get $r) (i32.const 3)))
              (f64.load (i32.add (local.get $s0) (i32.shl (local.get $c) (i32.const 3)))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $l))))))

  ;; dst[r] = Σ_c src[r·cols + c], r < rows (the bias gradient from δᵀ)
  (func (export "rowSums") (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $r i32) (local $p i32) (local $pairsEnd i32) (local $end i32) (local $acc v128) (local $s f64)
    (block $rDone
      (loop $rLoop
        (br_if $rDone (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $p (i32.add (local.get $src) (i32.shl (i32.mul (local.get $r) (local.get $cols)) (i32.const 3))))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $cols) (i32.const 3))))
        (local.set $pairsEnd (i32.add (local.get $p) (i32.shl (i32.and (local.get $cols) (i32.const -2)) (i32.const 3))))
        (local.set $acc (v128.const i64x2 0 0))
        (block $done
          (loop $l
            (br_if $done (i32.ge_u (local.get $p) (local.get $pairsEnd)))
            (local.set $acc (f64x2.add (local.get $acc) (v128.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $l)))
        (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
        (if (i32.lt_u (local.get $p) (local.get $end))
          (then (local.set $s (f64.add (local.get $s) (f64.load (local.get $p))))))
        (f64.store (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 3))) (local.get $s))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rLoop))))
)
