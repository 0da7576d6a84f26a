"""The course's two simulators as widget apps: pricing per sales channel, and shipping a parcel."""

from atelier.simulators.pricing_app import PricingApp, show_pricing_simulator
from atelier.simulators.shipping_app import ShippingApp, show_shipping_simulator

__all__ = ["PricingApp", "ShippingApp", "show_pricing_simulator", "show_shipping_simulator"]
