"""igfaxis benchmarks: ``python -m bench --help``. Never part of the test pass/fail; results go to ``bench/out/``."""
