"""``carecoord demo``: realistic synthetic case records for trying, teaching and benchmarking.

Same seed, same data: ``random.Random(seed)`` drives everything (case work a stream of its own,
also from the seed), and the reference date ("today" of the data) comes from the seed unless
given, never from the clock.

The parts: ``shares`` (the distributions and the assumptions behind them), ``people`` (clients,
their case facts and signals), ``pathway`` (phase histories and the support they imply: reflection
period, permits, shelter, exit programme), ``referrals`` (referrals with their consents and
events), ``case_work`` (plans, contacts, meetings, safety), ``generator`` (one whole case from
those parts) and ``fill`` (writing them into a vault).
"""

from carecoord.demo.fill import DemoResult, demo_today, generate
from carecoord.demo_directory import DIRECTORY

__all__ = ["DIRECTORY", "DemoResult", "demo_today", "generate"]
