"""Delivery signals (speaking rate, pauses, fillers, pitch and loudness variability) for one answer."""

from openhire.ai.delivery.analyse import analyse_delivery, count_units, text_language
from openhire.ai.delivery.contracts import DeliveryConfig, DeliverySignals, Pause, Prosody
from openhire.ai.delivery.fillers import count_fillers

__all__ = [
    "DeliveryConfig",
    "DeliverySignals",
    "Pause",
    "Prosody",
    "analyse_delivery",
    "count_fillers",
    "count_units",
    "text_language",
]
