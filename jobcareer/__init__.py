"""jobcareer: is an interview answer job-oriented or career-oriented, and why?

>>> import jobcareer
>>> clf = jobcareer.load()                      # the bundled model, no network
>>> exp = clf.explain("Honestly the hours fit my kids' school run, and it's close to home.")
>>> exp.label
'job'

Nothing is built at import time: the spaCy pipeline is made when a model first needs it.
"""

from jobcareer._version import __version__
from jobcareer.explain import Contribution, Explanation, Phrase, SentenceScore
from jobcareer.io import ModelFileError, load, save
from jobcareer.live import LiveAnswer, LiveScore
from jobcareer.model import JobCareerClassifier

__all__ = [
    "Contribution",
    "Explanation",
    "JobCareerClassifier",
    "LiveAnswer",
    "LiveScore",
    "ModelFileError",
    "Phrase",
    "SentenceScore",
    "__version__",
    "load",
    "save",
]
