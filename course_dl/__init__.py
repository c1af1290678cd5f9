__version__ = "0.0.1"

# The FULL switch, the same in every lesson: full-size runs (`#| slow` cells) only do their long work when a
# student turns it on deliberately, with the environment variable COURSE_DL_FULL=1 set before starting
# JupyterLab (or `import course_dl; course_dl.FULL = True` at the top of a notebook, before the lesson's imports).
# With it off, Run All does the small version of every lesson. Written by hand: nbdev only updates __version__.
import os as _os
FULL = _os.environ.get('COURSE_DL_FULL', '').strip().lower() in ('1', 'true', 'yes', 'on')
