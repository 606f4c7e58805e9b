"""What only the build uses, kept out of the program's package ``desktop`` (and out of its wheel:
pyproject.toml's package search takes ``desktop*`` only): ``bundle`` what goes into the executable,
``icu_data`` ICU's data cut to this program (Linux). build.spec, tools/benchmark.py, .ci/run and
the tests import it from the checkout's root; the running program never does.
"""
