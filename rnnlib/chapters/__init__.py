"""One module per chapter notebook, named after it with a ``ch`` prefix.

``ch01_parameter_sharing`` belongs to ``book/01_parameter_sharing.ipynb``,
``ch02_unfolding`` to ``book/02_unfolding.ipynb``, and so on. A chapter module
holds that chapter's experiment, its own figures and steppers, its exercise
checks and the thresholds its prose relies on (the same constants the
chapter's test asserts).

Arrows point one way: a chapter module may import anything in rnnlib, but
nothing in the library imports a chapter module, and no chapter imports
another; what two chapters share lives in the library below. Import a chapter
in its notebook as ``from rnnlib.chapters import ch01_parameter_sharing as ch``.
"""
