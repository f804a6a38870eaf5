"""Demo content: directory."""


def load(stdout):
    pass


def reset():
    pass
