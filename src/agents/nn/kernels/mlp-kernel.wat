;; The kernels of ../trainable-mlp.ts and ../runtime.ts on float32, WebAssembly SIMD
;; (f32x4: four lanes, the precision torch and tfjs train in). Contracts are those of the
;; `MlpKernel` interface in ../kernel.ts, whose scalar TypeScript versions the tests
;; compare these against. All pointers are byte addresses into the imported memory
;; (4-byte aligned floats; the buffers start 16-byte aligned).
;;
;; Build: `npm run build:wasm` (wabt's wat2wasm) writes mlp-kernel.wasm next to this
;; file; test/agents/nn/kernel.test.ts checks that the committed binary matches this source.
(module
  (memory (import "env" "memory") 1)

  ;; ---- gemmNT
  ;;   C[m·N + n] = bias[n] + Σ_k A[m·K + k] · B[n·K + k]     (m < M, n < N)
  ;; A is [M, K] and B is [N, K], row-major, so every output is a dot product of two
  ;; contiguous rows; the k loop runs four lanes at a time. Blocks of 2 rows × 4 columns
  ;; keep 8 accumulators in registers: 6 loads for 32 multiply-adds per iteration, no
  ;; stores in the inner loop. `hasBias` = 0 skips the bias (its pointer is then ignored).
  ;; Each dot product is summed as four partial sums (lanes) added at the end, then the
  ;; K mod 4 tail: results agree with the scalar version to float32 rounding.
  (func (export "gemmNT")
    (param $a i32) (param $b i32) (param $c i32)
    (param $M i32) (param $K i32) (param $N i32)
    (param $bias i32) (param $hasBias i32)
    (local $rowBytes i32) (local $k4Bytes i32)
    (local $m i32) (local $n i32) (local $kb i32)
    (local $a0 i32) (local $a1 i32) (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local $o0 i32) (local $o1 i32)
    (local $x0 v128) (local $x1 v128) (local $w v128)
    (local $c00 v128) (local $c01 v128) (local $c02 v128) (local $c03 v128)
    (local $c10 v128) (local $c11 v128) (local $c12 v128) (local $c13 v128)
    ;; Bytes per row of A and B, and the bytes covered by whole f32x4 groups.
    (local.set $rowBytes (i32.shl (local.get $K) (i32.const 2)))
    (local.set $k4Bytes (i32.shl (i32.and (local.get $K) (i32.const -4)) (i32.const 2)))

    ;; ---- rows in pairs
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (i32.add (local.get $m) (i32.const 1)) (local.get $M)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $m) (local.get $rowBytes))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $rowBytes)))
        (local.set $o0 (i32.add (local.get $c) (i32.shl (i32.mul (local.get $m) (local.get $N)) (i32.const 2))))
        (local.set $o1 (i32.add (local.get $o0) (i32.shl (local.get $N) (i32.const 2))))

        ;; ---- columns in fours: the 2 × 4 register block
        (local.set $n (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_s (i32.add (local.get $n) (i32.const 3)) (local.get $N)))
            (local.set $b0 (i32.add (local.get $b) (i32.mul (local.get $n) (local.get $rowBytes))))
            (local.set $b1 (i32.add (local.get $b0) (local.get $rowBytes)))
            (local.set $b2 (i32.add (local.get $b1) (local.get $rowBytes)))
            (local.set $b3 (i32.add (local.get $b2) (local.get $rowBytes)))
            (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
            (local.set $c02 (v128.const i32x4 0 0 0 0)) (local.set $c03 (v128.const i32x4 0 0 0 0))
            (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
            (local.set $c12 (v128.const i32x4 0 0 0 0)) (local.set $c13 (v128.const i32x4 0 0 0 0))
            (local.set $kb (i32.const 0))
            (block $kDone
              (loop $k
                (br_if $kDone (i32.ge_s (local.get $kb) (local.get $k4Bytes)))
                (local.set $x0 (v128.load (i32.add (local.get $a0) (local.get $kb))))
                (local.set $x1 (v128.load (i32.add (local.get $a1) (local.get $kb))))
                (local.set $w (v128.load (i32.add (local.get $b0) (local.get $kb))))
                (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x0) (local.get $w))))
                (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x1) (local.get $w))))
                (local.set $w (v128.load (i32.add (local.get $b1) (local.get $kb))))
                (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x0) (local.get $w))))
                (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x1) (local.get $w))))
                (local.set $w (v128.load (i32.add (local.get $b2) (local.get $kb))))
                (local.set $c02 (f32x4.add (local.get $c02) (f32x4.mul (local.get $x0) (local.get $w))))
                (local.set $c12 (f32x4.add (local.get $c12) (f32x4.mul (local.get $x1) (local.get $w))))
                (local.set $w (v128.load (i32.add (local.get $b3) (local.get $kb))))
                (local.set $c03 (f32x4.add (local.get $c03) (f32x4.mul (local.get $x0) (local.get $w))))
                (local.set $c13 (f32x4.add (local.get $c13) (f32x4.mul (local.get $x1) (local.get $w))))
                (local.set $kb (i32.add (local.get $kb) (i32.const 16)))
                (br $k)))
            (call $store4 (local.get $c00) (local.get $c01) (local.get $c02) (local.get $c03)
              (local.get $a0) (local.get $b0) (local.get $rowBytes) (local.get $k4Bytes) (local.get $rowBytes)
              (i32.add (local.get $o0) (i32.shl (local.get $n) (i32.const 2)))
              (i32.add (local.get $bias) (i32.shl (local.get $n) (i32.const 2))) (local.get $hasBias))
            (call $store4 (local.get $c10) (local.get $c11) (local.get $c12) (local.get $c13)
              (local.get $a1) (local.get $b0) (local.get $rowBytes) (local.get $k4Bytes) (local.get $rowBytes)
              (i32.add (local.get $o1) (i32.shl (local.get $n) (i32.const 2)))
              (i32.add (local.get $bias) (i32.shl (local.get $n) (i32.const 2))) (local.get $hasBias))
            (local.set $n (i32.add (local.get $n) (i32.const 4)))
            (br $cols)))

        ;; ---- leftover columns (N mod 4) of this row pair
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_s (local.get $n) (local.get $N)))
            (local.set $b0 (i32.add (local.get $b) (i32.mul (local.get $n) (local.get $rowBytes))))
            (call $dot (local.get $a0) (local.get $b0) (local.get $K) (local.get $o0) (local.get $n) (local.get $bias) (local.get $hasBias))
            (call $dot (local.get $a1) (local.get $b0) (local.get $K) (local.get $o1) (local.get $n) (local.get $bias) (local.get $hasBias))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br $tail)))
        (local.set $m (i32.add (local.get $m) (i32.const 2)))
        (br $rows)))

    ;; ---- the last row when M is odd
    (if (i32.lt_s (local.get $m) (local.get $M))
      (then
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $m) (local.get $rowBytes))))
        (local.set $o0 (i32.add (local.get $c) (i32.shl (i32.mul (local.get $m) (local.get $N)) (i32.const 2))))
        (local.set $n (i32.const 0))
        (block $lastDone
          (loop $last
            (br_if $lastDone (i32.ge_s (local.get $n) (local.get $N)))
            (call $dot (local.get $a0) (i32.add (local.get $b) (i32.mul (local.get $n) (local.get $rowBytes))) (local.get $K) (local.get $o0) (local.get $n) (local.get $bias) (local.get $hasBias))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br $last))))))

  ;; out[0..3] = [Σ lanes of p0, …, Σ lanes of p3] + the K mod 4 tail terms
  ;; ar[k]·b_j[k] (b_j = b0 + j·stride) + bias[0..3], as one v128 store.
  (func $store4
    (param $p0 v128) (param $p1 v128) (param $p2 v128) (param $p3 v128)
    (param $ar i32) (param $b0 i32) (param $stride i32) (param $kb i32) (param $rowBytes i32)
    (param $out i32) (param $bias i32) (param $hasBias i32)
    (local $s01 v128) (local $s23 v128) (local $s v128) (local $w v128)
    ;; Pairwise: s01 = [p0.0+p0.1, p1.0+p1.1, p0.2+p0.3, p1.2+p1.3], s23 alike.
    (local.set $s01 (f32x4.add
      (i8x16.shuffle 0 1 2 3 16 17 18 19 8 9 10 11 24 25 26 27 (local.get $p0) (local.get $p1))
      (i8x16.shuffle 4 5 6 7 20 21 22 23 12 13 14 15 28 29 30 31 (local.get $p0) (local.get $p1))))
    (local.set $s23 (f32x4.add
      (i8x16.shuffle 0 1 2 3 16 17 18 19 8 9 10 11 24 25 26 27 (local.get $p2) (local.get $p3))
      (i8x16.shuffle 4 5 6 7 20 21 22 23 12 13 14 15 28 29 30 31 (local.get $p2) (local.get $p3))))
    ;; s = [s01.0 + s01.2, s01.1 + s01.3, s23.0 + s23.2, s23.1 + s23.3] = [Σp0, Σp1, Σp2, Σp3]
    (local.set $s (f32x4.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s01) (local.get $s23))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s01) (local.get $s23))))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_s (local.get $kb) (local.get $rowBytes)))
        (local.set $w (f32x4.splat (f32.load (i32.add (local.get $b0) (local.get $kb)))))
        (local.set $w (f32x4.replace_lane 1 (local.get $w) (f32.load (i32.add (i32.add (local.get $b0) (local.get $stride)) (local.get $kb)))))
        (local.set $w (f32x4.replace_lane 2 (local.get $w) (f32.load (i32.add (i32.add (local.get $b0) (i32.shl (local.get $stride) (i32.const 1))) (local.get $kb)))))
        (local.set $w (f32x4.replace_lane 3 (local.get $w) (f32.load (i32.add (i32.add (local.get $b0) (i32.mul (local.get $stride) (i32.const 3))) (local.get $kb)))))
        (local.set $s (f32x4.add (local.get $s) (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $ar) (local.get $kb)))) (local.get $w))))
        (local.set $kb (i32.add (local.get $kb) (i32.const 4)))
        (br $tail)))
    (if (local.get $hasBias)
      (then (local.set $s (f32x4.add (local.get $s) (v128.load (local.get $bias))))))
    (v128.store (local.get $out) (local.get $s)))

;; out[n] = Σ_k ar[k]·br[k] + bias[n] (the N mod 4 and odd-M tails, e.g. a 1- or 2-unit
  ;; output layer): four lanes over k, then the lanes' sum and the K mod 4 tail
  (func $dot
    (param $ar i32) (param $br i32) (param $K i32)
    (param $out i32) (param $n i32) (param $bias i32) (param $hasBias i32)
    (local $end i32) (local $quadsEnd i32) (local $acc v128) (local $s f32)
    (local.set $end (i32.add (local.get $ar) (i32.shl (local.get $K) (i32.const 2))))
    (local.set $quadsEnd (i32.add (local.get $ar) (i32.shl (i32.and (local.get $K) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $k
        (br_if $done (i32.ge_u (local.get $ar) (local.get $quadsEnd)))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load (local.get $ar)) (v128.load (local.get $br)))))
        (local.set $ar (i32.add (local.get $ar) (i32.const 16)))
        (local.set $br (i32.add (local.get $br) (i32.const 16)))
        (br $k)))
    (local.set $s (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
      (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $ar) (local.get $end)))
        (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $ar)) (f32.load (local.get $br)))))
        (local.set $ar (i32.add (local.get $ar) (i32.const 4)))
        (local.set $br (i32.add (local.get $br) (i32.const 4)))
        (br $tail)))
    (if (local.get $hasBias)
      (then (local.set $s (f32.add (local.get $s) (f32.load (i32.add (local.get $bias) (i32.shl (local.get $n) (i32.const 2))))))))
    (f32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))) (local.get $s)))

  ;; ---- element-wise ops of the hidden layers: four lanes at a time; the last len mod 4
  ;; values go through the same code as lane 0 of a splat.

  ;; x[i] ← tanh x[i], i < len:
  ;;   tanh x = 1 − 2/(e^y + 1), y = 2x clamped to [−40, 40] (tanh 20 rounds to 1),
  ;; the formula of the scalar version, exact at the extremes. e^y to float32 accuracy:
  ;; y = k·ln 2 + r with |r| ≤ ln2/2 (ln 2 split in two, the high part exact in 9 bits so
  ;; k·ln2_hi is exact for |k| ≤ 58), e^r by its Taylor series to r^7 (truncation < 3e-9
  ;; relative), 2^k built in the exponent bits: (k + 127) << 23.
  (func (export "tanh") (param $p i32) (param $len i32)
    (local $end i32) (local $quad i32) (local $y v128) (local $k v128) (local $r v128) (local $r2 v128) (local $e v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $len) (i32.const 2))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $quad (i32.le_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
        (local.set $y (if (result v128) (local.get $quad)
          (then (v128.load (local.get $p)))
          (else (f32x4.splat (f32.load (local.get $p))))))
        (local.set $y (f32x4.add (local.get $y) (local.get $y)))
        (local.set $y (f32x4.pmax (f32x4.pmin (local.get $y) (f32x4.splat (f32.const 40))) (f32x4.splat (f32.const -40))))
        (local.set $k (f32x4.nearest (f32x4.mul (local.get $y) (f32x4.splat (f32.const 1.44269504)))))
        (local.set $r (f32x4.sub
          (f32x4.sub (local.get $y) (f32x4.mul (local.get $k) (f32x4.splat (f32.const 0.693359375))))
          (f32x4.mul (local.get $k) (f32x4.splat (f32.const -2.12194440e-4)))))
        ;; e^r = (1 + r) + r²·((1/2 + r/6) + r²·((1/24 + r/120) + r²·(1/720 + r/5040))), Estrin-style
        (local.set $r2 (f32x4.mul (local.get $r) (local.get $r)))
        (local.set $e (f32x4.add
          (f32x4.add (f32x4.splat (f32.const 1)) (local.get $r))
          (f32x4.mul (local.get $r2)
            (f32x4.add
              (f32x4.add (f32x4.splat (f32.const 0.5)) (f32x4.mul (local.get $r) (f32x4.splat (f32.const 0.16666667))))
              (f32x4.mul (local.get $r2)
                (f32x4.add
                  (f32x4.add (f32x4.splat (f32.const 0.041666668)) (f32x4.mul (local.get $r) (f32x4.splat (f32.const 0.008333334))))
                  (f32x4.mul (local.get $r2)
                    (f32x4.add (f32x4.splat (f32.const 0.0013888889)) (f32x4.mul (local.get $r) (f32x4.splat (f32.const 0.0001984127)))))))))))
        (local.set $e (f32x4.mul (local.get $e)
          (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $k)) (i32x4.splat (i32.const 127))) (i32.const 23))))
        (local.set $y (f32x4.sub (f32x4.splat (f32.const 1))
          (f32x4.div (f32x4.splat (f32.const 2)) (f32x4.add (local.get $e) (f32x4.splat (f32.const 1))))))
        (if (local.get $quad)
          (then (v128.store (local.get $p) (local.get $y)) (local.set $p (i32.add (local.get $p) (i32.const 16))))
          (else (f32.store (local.get $p) (f32x4.extract_lane 0 (local.get $y))) (local.set $p (i32.add (local.get $p) (i32.const 4)))))
        (br $l))))

  ;; x[i] ← x[i] > 0 ? x[i] : 0 (NaN → 0, as the scalar version)
  (func (export "relu") (param $p i32) (param $len i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $len) (i32.const 2))))
    (block $done
      (loop $l
        (br_if $done (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
        ;; pmax(0, x) = 0 < x ? x : 0
        (v128.store (local.get $p) (f32x4.pmax (v128.const i32x4 0 0 0 0) (v128.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $l)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $p) (local.get $end)))
        (f32.store (local.get $p) (select (f32.load (local.get $p)) (f32.const 0) (f32.gt (f32.load (local.get $p)) (f32.const 0))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $tail))))

  ;; δ[i] ← δ[i]·(1 − h[i]²): tanh' from the cached output h
  (func (export "tanhGrad") (param $d i32) (param $h i32) (param $len i32)
    (local $end i32) (local $hv v128) (local $hs f32)
    (local.set $end (i32.add (local.get $d) (i32.shl (local.get $len) (i32.const 2))))
    (block $done
      (loop $l
        (br_if $done (i32.gt_u (i32.add (local.get $d) (i32.const 16)) (local.get $end)))
        (local.set $hv (v128.load (local.get $h)))
        (v128.store (local.get $d)
          (f32x4.mul (v128.load (local.get $d)) (f32x4.sub (f32x4.splat (f32.const 1)) (f32x4.mul (local.get $hv) (local.get $hv)))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $h (i32.add (local.get $h) (i32.const 16)))
        (br $l)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $d) (local.get $end)))
        (local.set $hs (f32.load (local.get $h)))
        (f32.store (local.get $d) (f32.mul (f32.load (local.get $d)) (f32.sub (f32.const 1) (f32.mul (local.get $hs) (local.get $hs)))))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (local.set $h (i32.add (local.get $h) (i32.const 4)))
        (br $tail))))

  ;; δ[i] ← h[i] > 0 ? δ[i] : 0: ReLU' from the cached output h
  (func (export "reluGrad") (param $d i32) (param $h i32) (param $len i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $d) (i32.shl (local.get $len) (i32.const 2))))
    (block $done
      (loop $l
        (br_if $done (i32.gt_u (i32.add (local.get $d) (i32.const 16)) (local.get $end)))
        (v128.store (local.get $d)
          (v128.and (v128.load (local.get $d)) (f32x4.gt (v128.load (local.get $h)) (v128.const i32x4 0 0 0 0))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $h (i32.add (local.get $h) (i32.const 16)))
        (br $l)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $d) (local.get $end)))
        (f32.store (local.get $d) (select (f32.load (local.get $d)) (f32.const 0) (f32.gt (f32.load (local.get $h)) (f32.const 0))))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (local.set $h (i32.add (local.get $h) (i32.const 4)))
        (br $tail))))

  ;; dst[c·rows + r] = src[r·cols + c]: the [cols, rows] transpose of a [rows, cols] block.
  ;; 4 × 4 tiles: four v128 loads (rows r…r+3 at columns c…c+3), eight shuffles, four v128
  ;; stores (rows c…c+3 of dst at columns r…r+3); the edges (rows or columns mod 4)
  ;; element by element.
  (func (export "transpose") (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $r i32) (local $c i32) (local $s i32) (local $d i32) (local $srcRow i32) (local $dstRow i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $srcRow (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $dstRow (i32.shl (local.get $rows) (i32.const 2)))
    (block $rDone
      (loop $rLoop
        (br_if $rDone (i32.ge_s (i32.add (local.get $r) (i32.const 3)) (local.get $rows)))
        (local.set $c (i32.const 0))
        (block $cDone
          (loop $cLoop
            (br_if $cDone (i32.ge_s (i32.add (local.get $c) (i32.const 3)) (local.get $cols)))
            (local.set $s (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2))))
            (local.set $v0 (v128.load (local.get $s)))
            (local.set $v1 (v128.load (i32.add (local.get $s) (local.get $srcRow))))
            (local.set $v2 (v128.load (i32.add (local.get $s) (i32.shl (local.get $srcRow) (i32.const 1)))))
            (local.set $v3 (v128.load (i32.add (local.get $s) (i32.mul (local.get $srcRow) (i32.const 3)))))
            ;; t0 = [v0.0, v1.0, v0.1, v1.1], t1 = [v0.2, v1.2, v0.3, v1.3], t2/t3 alike for v2, v3
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
            (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
            (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
            (local.set $d (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2))))
            ;; column c of the tile = [v0.0, v1.0, v2.0, v3.0] = [t0.0, t0.1, t2.0, t2.1], …
            (v128.store (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
            (v128.store (i32.add (local.get $d) (local.get $dstRow)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
            (v128.store (i32.add (local.get $d) (i32.shl (local.get $dstRow) (i32.const 1))) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
            (v128.store (i32.add (local.get $d) (i32.mul (local.get $dstRow) (i32.const 3))) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $cLoop)))
        ;; columns c… (cols mod 4) of rows r…r+3
        (call $transposeEdge (local.get $src) (local.get $rows) (local.get $cols) (local.get $dst)
          (local.get $r) (i32.add (local.get $r) (i32.const 4)) (local.get $c))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rLoop)))
    ;; rows r… (rows mod 4), all columns
    (call $transposeEdge (local.get $src) (local.get $rows) (local.get $cols) (local.get $dst)
      (local.get $r) (local.get $rows) (i32.const 0)))

  ;; dst[c·rows + r] = src[r·cols + c] for r0 ≤ r < r1, c0 ≤ c < cols, element by element
  (func $transposeEdge (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (param $r0 i32) (param $r1 i32) (param $c0 i32)
    (local $r i32) (local $c i32)
    (local.set $r (local.get $r0))
    (block $rDone
      (loop $rLoop
        (br_if $rDone (i32.ge_s (local.get $r) (local.get $r1)))
        (local.set $c (local.get $c0))
        (block $cDone
          (loop $cLoop
            (br_if $cDone (i32.ge_s (local.get $c) (local.get $cols)))
            (f32.store
              (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2)))
              (f32.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2)))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $cLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rLoop))))

  ;; dst[r] = Σ_c src[r·cols + c], r < rows (the bias gradient from δᵀ): four partial sums
  ;; per row, then the cols mod 4 tail
  (func (export "rowSums") (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $r i32) (local $p i32) (local $quadsEnd i32) (local $end i32) (local $acc v128) (local $s f32)
    (local.set $p (local.get $src))
    (block $rDone
      (loop $rLoop
        (br_if $rDone (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $cols) (i32.const 2))))
        (local.set $quadsEnd (i32.add (local.get $p) (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 2))))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (block $done
          (loop $l
            (br_if $done (i32.ge_u (local.get $p) (local.get $quadsEnd)))
            (local.set $acc (f32x4.add (local.get $acc) (v128.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $l)))
        (local.set $s (f32.add
          (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
          (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $s (f32.add (local.get $s) (f32.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $tail)))
        (f32.store (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2))) (local.get $s))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rLoop))))
;; ---- Adam (Kingma & Ba 2015) in torch's form, float32 parameters and moments:
  ;;   m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²,  p ← p − stepSize·m / (√v·invSqrtBc2 + ε)
  ;; with c1 = 1 − β1, c2 = 1 − β2 (computed by the caller in float64: 1 − f32(0.999) would
  ;; be off by 1e-5), stepSize = lr/(1 − β1ᵗ), invSqrtBc2 = 1/√(1 − β2ᵗ); moments below
  ;; 1e-30 are flushed to 0 (see ../adam.ts: decayed moments of dead units go subnormal).
  (func (export "adam")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $len i32)
    (param $b1 f32) (param $c1 f32) (param $b2 f32) (param $c2 f32) (param $eps f32) (param $stepSize f32) (param $invSqrtBc2 f32)
    (local $end i32) (local $quad i32) (local $off i32)
    (local $gv v128) (local $mv v128) (local $vv v128) (local $pv v128)
    (local $B1 v128) (local $B2 v128) (local $C1 v128) (local $C2 v128) (local $EPS v128) (local $STEP v128) (local $INV v128) (local $FLUSH v128)
    (local.set $B1 (f32x4.splat (local.get $b1)))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $C1 (f32x4.splat (local.get $c1)))
    (local.set $C2 (f32x4.splat (local.get $c2)))
    (local.set $EPS (f32x4.splat (local.get $eps)))
    (local.set $STEP (f32x4.splat (local.get $stepSize)))
    (local.set $INV (f32x4.splat (local.get $invSqrtBc2)))
    (local.set $FLUSH (f32x4.splat (f32.const 1e-30)))
    (local.set $end (i32.shl (local.get $len) (i32.const 2)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
        ;; four lanes while four remain, then one at a time (lane 0 of a splat)
        (local.set $quad (i32.le_u (i32.add (local.get $off) (i32.const 16)) (local.get $end)))
        (if (local.get $quad)
          (then
            (local.set $gv (v128.load (i32.add (local.get $g) (local.get $off))))
            (local.set $mv (v128.load (i32.add (local.get $m) (local.get $off))))
            (local.set $vv (v128.load (i32.add (local.get $v) (local.get $off))))
            (local.set $pv (v128.load (i32.add (local.get $p) (local.get $off)))))
          (else
            (local.set $gv (f32x4.splat (f32.load (i32.add (local.get $g) (local.get $off)))))
            (local.set $mv (f32x4.splat (f32.load (i32.add (local.get $m) (local.get $off)))))
            (local.set $vv (f32x4.splat (f32.load (i32.add (local.get $v) (local.get $off)))))
            (local.set $pv (f32x4.splat (f32.load (i32.add (local.get $p) (local.get $off)))))))
        (local.set $mv (f32x4.add (f32x4.mul (local.get $B1) (local.get $mv)) (f32x4.mul (local.get $C1) (local.get $gv))))
        (local.set $vv (f32x4.add (f32x4.mul (local.get $B2) (local.get $vv)) (f32x4.mul (local.get $C2) (f32x4.mul (local.get $gv) (local.get $gv)))))
        ;; flush: keep lanes with |x| ≥ 1e-30
        (local.set $mv (v128.and (local.get $mv) (f32x4.ge (f32x4.abs (local.get $mv)) (local.get $FLUSH))))
        (local.set $vv (v128.and (local.get $vv) (f32x4.ge (local.get $vv) (local.get $FLUSH))))
        (local.set $pv (f32x4.sub (local.get $pv)
          (f32x4.div (f32x4.mul (local.get $STEP) (local.get $mv))
            (f32x4.add (f32x4.mul (f32x4.sqrt (local.get $vv)) (local.get $INV)) (local.get $EPS)))))
        (if (local.get $quad)
          (then
            (v128.store (i32.add (local.get $m) (local.get $off)) (local.get $mv))
            (v128.store (i32.add (local.get $v) (local.get $off)) (local.get $vv))
            (v128.store (i32.add (local.get $p) (local.get $off)) (local.get $pv))
            (local.set $off (i32.add (local.get $off) (i32.const 16))))
          (else
            (f32.store (i32.add (local.get $m) (local.get $off)) (f32x4.extract_lane 0 (local.get $mv)))
            (f32.store (i32.add (local.get $v) (local.get $off)) (f32x4.extract_lane 0 (local.get $vv)))
            (f32.store (i32.add (local.get $p) (local.get $off)) (f32x4.extract_lane 0 (local.get $pv)))
            (local.set $off (i32.add (local.get $off) (i32.const 4)))))
        (br $l))))
)
