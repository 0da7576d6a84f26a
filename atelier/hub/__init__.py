"""`python3 course.py hub`: the course served to a room by a real JupyterHub on one Linux machine.

- `accounts`: the class list → safe system user names, real names, printed passwords (pure functions), and the
  few commands that create or remove those accounts;
- `sheet`: the printable log-in sheet;
- `limits`: the memory bound of each learner (a Linux control group per learner);
- `spawner`: how each person's own JupyterLab starts (learners in a bubblewrap view of the learner edition);
- `exchange`: nbgrader's exchange, with hand-ins readable by the trainer only;
- `cli`: start, stop, release, grade (the commands behind `course.py hub`).
"""
