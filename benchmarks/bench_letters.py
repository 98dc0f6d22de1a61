"""Letter rendering time: issue 6 asks ≤ 150 ms per letter, PDF/A preparation included.

    .venv/bin/python -m benchmarks.bench_letters      (also run by `make bench`)

Each timing covers the whole public call: checks, template loading, ReportLab layout,
pikepdf PDF/A preparation, deterministic save and the PDF/A validation of the result.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable

LIMIT_MS = 150.0


def _time_ms(fn: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per call (CPU time is what other load cannot inflate)."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return sorted(wall), sorted(cpu)


def _p95(samples: list[float]) -> float:
    return samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]


def run_letters_benchmarks(repeat: int = 30) -> list[dict[str, object]]:
    start = time.perf_counter()
    from carecoord.letters.recovery_sheet import render_recovery_sheet
    from carecoord.letters.referral_letter import render_referral_letter
    from carecoord.letters.samples import sample_letter, sample_recovery_sheet

    nl = sample_letter("nl", full_name=True, birth_date=True, safety_notes=True)
    en = sample_letter("en")
    render_referral_letter(nl)  # first call registers the fonts and parses the templates
    cold_ms = (time.perf_counter() - start) * 1000

    results: list[dict[str, object]] = [
        {
            "name": "letters.first_letter_cold",
            "unit": "ms",
            "value": round(cold_ms, 1),
            "note": "imports, font registration and the first letter in a fresh process",
        }
    ]
    for name, render in (
        ("letters.referral_letter_nl", lambda: render_referral_letter(nl)),
        ("letters.referral_letter_en", lambda: render_referral_letter(en)),
        ("letters.recovery_sheet", lambda: render_recovery_sheet(sample_recovery_sheet("nl"))),
    ):
        wall, cpu = _time_ms(render, repeat)
        results.append(
            {
                "name": name,
                "unit": "ms",
                "value": round(statistics.median(wall), 1),
                "p95": round(_p95(wall), 1),
                "max": round(wall[-1], 1),
                "cpu_median": round(statistics.median(cpu), 1),
                "cpu_p95": round(_p95(cpu), 1),
                "runs": repeat,
                "limit": LIMIT_MS,
                "ok": statistics.median(wall) <= LIMIT_MS,
            }
        )
    return results


if __name__ == "__main__":
    print(json.dumps(run_letters_benchmarks(), indent=2))
