"""pytest settings for every test file: Hypothesis draws the same examples at every run, as most of our property
tests already ask (`derandomize=True`), so that CI cannot fail on an example drawn for the first time. To look
for new failing examples, run `HYPOTHESIS_PROFILE=explore python -m pytest tests` and add what it finds."""
import os
from hypothesis import settings

settings.register_profile('repeatable', derandomize=True)
settings.register_profile('explore', derandomize=False)
settings.load_profile(os.environ.get('HYPOTHESIS_PROFILE', 'repeatable'))
