#!/usr/bin/env bash
# Execute every notebook under notebooks/ headlessly with the tslab (TypeScript) kernel and
# fail on the first failing cell (a TypeScript type error counts as a failing cell).
#
#   scripts/run-notebooks.sh            # all notebooks
#   scripts/run-notebooks.sh notebooks/warfarin-pgx.ipynb
#
# Needs the Debian jupyter packages (jupyter-client, python3-nbclient, python3-nbconvert,
# python3-ipykernel, jupyter-nbconvert) and `npm ci` (tslab is a devDependency). The kernel
# is registered locally in .jupyter/ (nothing is written to the user's jupyter dirs).
# Executed copies go to ${NOTEBOOK_OUT:-$TMPDIR}; the notebooks themselves are not modified.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PYTHON="${PYTHON:-/usr/bin/python3}"  # pyenv's python3 has no jupyter_client
"$ROOT/node_modules/.bin/tslab" install --python "$PYTHON" --binary "$ROOT/node_modules/.bin/tslab" --prefix "$ROOT/.jupyter" >/dev/null
export JUPYTER_PATH="$ROOT/.jupyter/share/jupyter"
OUT="${NOTEBOOK_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/dosegym-notebooks.XXXXXX")}"
mkdir -p "$OUT"
if [ "$#" -gt 0 ]; then notebooks=("$@"); else mapfile -t notebooks < <(find notebooks -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' | sort); fi
status=0
passed=0
failed=0
for nb in "${notebooks[@]}"; do
  start=$(date +%s)
  if "$PYTHON" -m jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 --ExecutePreprocessor.kernel_name=tslab \
      --output-dir "$OUT" "$nb" >"$OUT/$(basename "$nb").log" 2>&1; then
    echo "ok    $nb ($(( $(date +%s) - start )) s)"; passed=$((passed + 1))
  else
    echo "FAIL  $nb (log: $OUT/$(basename "$nb").log)"; tail -n 30 "$OUT/$(basename "$nb").log"; status=1; failed=$((failed + 1))
  fi
done
echo "notebooks: $passed passed, $failed failed"
exit $status
