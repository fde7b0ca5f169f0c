"""Domain and services. Never imports Qt: the CLI, the GUI and the tests share it."""
