# Sourced by bench/gpu.sh and docs/attempts/scan_on_device.sh on a lent GPU machine: installs the carried wheels of
# bench/out/wheels (made here by `bash bench/gpu.sh prepare`; the image has no registry) into one target folder and
# puts it on PYTHONPATH. Nothing else is touched. Uses $PY (default python3).
if ls bench/out/wheels/*.whl >/dev/null 2>&1; then
  ${PY:-python3} -m pip install -q --no-index --no-deps --no-compile --target /tmp/igfaxis-site bench/out/wheels/*.whl \
    || echo "could not install the wheels in bench/out/wheels"
  export PYTHONPATH="/tmp/igfaxis-site${PYTHONPATH:+:$PYTHONPATH}"
else
  echo "no bench/out/wheels: run 'bash bench/gpu.sh prepare' here first"
fi
