"""Agreement and ranking statistics used by the ``openhire eval`` commands and the scoring stage."""

from openhire.ai.stats.agreement import (
    StatsError,
    icc,
    pearson,
    percentile_rank,
    quadratic_weighted_kappa,
    spearman,
)

__all__ = ["StatsError", "icc", "pearson", "percentile_rank", "quadratic_weighted_kappa", "spearman"]
