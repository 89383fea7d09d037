"""Content scoring of interview answers: features, the calibrated scorer, the LLM grader, interview aggregation.

Main entry points: :func:`openhire.ai.scoring.scorer.score_answer` (one answer),
:func:`openhire.ai.scoring.scorer.score_answers` (a batch), :func:`openhire.ai.scoring.training.fit_scorer`
(refit on an organisation's ratings) and :mod:`openhire.ai.scoring.interview` (per-interview results).
"""
