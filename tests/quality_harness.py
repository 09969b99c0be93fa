"""Loads bench/quality.py, the answer-quality harness, for the tests."""

import importlib.util
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parents[1] / "bench" / "quality.py"
_spec = importlib.util.spec_from_file_location("civicqa_quality", _PATH)
quality = importlib.util.module_from_spec(_spec)
sys.modules["civicqa_quality"] = quality  # dataclasses look their module up here
_spec.loader.exec_module(quality)
