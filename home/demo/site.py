"""Demo content: site."""


def load(stdout):
    pass


def reset():
    pass
