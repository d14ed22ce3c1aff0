"""``python -m bench``: igfaxis benchmarks (never part of the test pass/fail). JSON goes to ``bench/out/``.

    python -m bench throughput [--model auto|axis|proxy] [--sizes 1,100,10000] [--days 182]
    python -m bench engine [--sizes 1,100,1000] [--float32]          (real axis model, igfaxis engine only)
    python -m bench latency
    python -m bench sensitivity [--n 10000] [--days 182]
    python -m bench ops [--protocol FILE.toml]                      (operations per patient-step)
    python -m bench gpu [--sizes 10000,100000,1000000] [--days 182] [--deadline-s 480]   (GPU; bench/gpu.sh)
    python -m bench blocks [--sizes 1,200] [--days 182]              (day loop in power-of-two blocks vs one)
    python -m bench all                                               (throughput + latency)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bench.common import REPO, machine, write_json


def _sizes(text: str) -> list[int]:
    return [int(x.replace("_", "")) for x in text.split(",") if x]


def _case(model: str, n_max: int, days: int, dtype: str, dt_min: float = 1.0) -> Any:
    from bench import throughput

    if model in ("auto", "axis"):
        try:
            from bench.axis_case import axis_case

            return axis_case(n_max=n_max, days=days, dtype=dtype, dt_min=dt_min)
        except ImportError as exc:
            if model == "axis":
                raise
            print(f"[bench] axis model or SBML export not available ({exc}); using the proxy model", file=sys.stderr)
    return throughput.proxy_case(n_max=n_max, days=days, dtype=dtype)


def cmd_throughput(args: argparse.Namespace) -> dict[str, Any]:
    from bench import throughput

    sizes = _sizes(args.sizes)
    case = _case(args.model, max(sizes), args.days, args.dtype, args.dt_min)
    result = throughput.run(case, sizes=sizes, rr_subset=args.rr_subset, scipy_subset=args.scipy_subset)
    result["command"] = " ".join(["python -m bench", *sys.argv[1:]])
    kind = "proxy" if result["model"].startswith("proxy") else "axis"
    path = write_json(f"throughput-{args.tag or kind}", result)
    print(f"[bench] wrote {path.relative_to(REPO)}")
    return result


def cmd_latency(args: argparse.Namespace) -> dict[str, Any]:
    from bench import latency

    protocol = Path(args.protocol) if args.protocol else None
    result = latency.run(protocol, days=args.days)
    print(json.dumps(result, indent=2, default=str))
    path = write_json("latency", result)
    print(f"[bench] wrote {path.relative_to(REPO)}")
    return result


def cmd_engine(args: argparse.Namespace) -> dict[str, Any]:
    from bench import axis_engine

    result = axis_engine.run(sizes=_sizes(args.sizes), days=args.days, protocol=args.protocol, float32=args.float32)
    result["command"] = " ".join(["python -m bench", *sys.argv[1:]])
    path = write_json(f"engine-{args.tag}" if args.tag else "engine", result)
    print(f"[bench] wrote {path.relative_to(REPO)}")
    return result


def cmd_gpu(args: argparse.Namespace) -> dict[str, Any]:
    from bench import gpu

    result = gpu.run(sizes=_sizes(args.sizes), days=args.days, xla_days=args.xla_days,
                     diffrax_n=_sizes(args.diffrax_n), diffrax_days=args.diffrax_days, deadline_s=args.deadline_s,
                     xla=args.xla, dt_mins=[float(x) for x in args.dt_mins.split(",") if x],
                     precisions=[x for x in args.precisions.split(",") if x])
    print("[bench] wrote bench/out/gpu.json")
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("throughput", help="patient-days/s at stated accuracy vs libRoadRunner and SciPy")
    t.add_argument("--model", choices=["auto", "axis", "proxy"], default="auto")
    t.add_argument("--sizes", default="1,100,10000")
    t.add_argument("--days", type=int, default=182)
    t.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    t.add_argument("--dt-min", type=float, default=1.0, help="engine step (minutes; > 1 reads GH peaks from the "
                   "engine's dense output on the 1-minute grid)")
    t.add_argument("--rr-subset", type=int, default=10, help="patients libRoadRunner runs (rest extrapolated)")
    t.add_argument("--scipy-subset", type=int, default=2, help="patients SciPy runs (rest extrapolated)")
    t.add_argument("--tag", default="")
    t.set_defaults(fn=cmd_throughput)
    e = sub.add_parser("engine", help="igfaxis engine on the real axis model: throughput, accuracy vs dt/4")
    e.add_argument("--sizes", default="1,100,1000")
    e.add_argument("--days", type=int, default=182)
    e.add_argument("--protocol", default=None)
    e.add_argument("--float32", action="store_true")
    e.add_argument("--tag", default="")
    e.set_defaults(fn=cmd_engine)
    lat = sub.add_parser("latency", help="interpret / simulate / plan wall times")
    lat.add_argument("--protocol", default=str(REPO / "examples" / "protocols" / "tesamorelin.toml"))
    lat.add_argument("--days", type=int, default=182)
    lat.set_defaults(fn=cmd_latency)
    g = sub.add_parser("gpu", help="GPU throughput: fused kernel and XLA scan at up to 1e6 patients, and "
                       "adaptive diffrax on the same device")
    g.add_argument("--sizes", default="10000,100000,1000000")
    g.add_argument("--days", type=int, default=182, help="days simulated by the fused kernel rows")
    g.add_argument("--xla-days", type=int, default=14, help="days for the (slower) XLA-scan rows")
    g.add_argument("--diffrax-n", default="10000")
    g.add_argument("--diffrax-days", type=int, default=2)
    g.add_argument("--deadline-s", type=float, default=480.0, help="skip rows that would not finish by then")
    g.add_argument("--no-xla", dest="xla", action="store_false", help="skip the XLA-scan rows")
    g.add_argument("--dt-mins", default="1", help="engine steps (minutes) for the largest batch, e.g. 1,2,3")
    g.add_argument("--precisions", default="float32,float64", help="float32, float64 or both")
    gp = sub.add_parser("gpu-probe", help="one fused-kernel run for a profiler (ncu); see bench/gpu.sh")
    gp.add_argument("--n", type=int, default=100_000)
    gp.add_argument("--float64", action="store_true")
    gp.set_defaults(fn=lambda ns: __import__("bench.gpu", fromlist=["probe"]).probe(n=ns.n, float32=not ns.float64))
    g.set_defaults(fn=cmd_gpu)
    a = sub.add_parser("all", help="throughput + latency with defaults")
    a.set_defaults(fn=lambda ns: {
        "throughput": cmd_throughput(t.parse_args([])),
        "latency": cmd_latency(lat.parse_args([])),
    })
    dc = sub.add_parser("dt-check", help="engine step-size convergence vs the libRoadRunner reference")
    dc.add_argument("--days", type=int, default=14)
    dc.add_argument("--dts", default="1,0.5,0.25")
    dc.add_argument("--protocol", default=None)
    dc.set_defaults(fn=lambda ns: write_json("dt-check", __import__("bench.diagnose", fromlist=["x"]).dt_check(
        days=ns.days, dts=[float(x) for x in ns.dts.split(",")], protocol=ns.protocol)))
    se = sub.add_parser("sensitivity", help="patients whose trajectories depend on the arithmetic (f32/f64, dt)")
    se.add_argument("--n", type=int, default=10_000)
    se.add_argument("--days", type=int, default=182)
    se.set_defaults(fn=lambda ns: write_json("sensitivity", __import__("bench.diagnose", fromlist=["x"]).sensitivity(
        n=ns.n, days=ns.days)))
    oc = sub.add_parser("ops", help="primitive operations per patient per RK4 step (axis + dose streams)")
    oc.add_argument("--protocol", default=None)
    oc.set_defaults(fn=lambda ns: write_json("ops", __import__("bench.diagnose", fromlist=["x"]).op_count(
        protocol=ns.protocol)))
    bt = sub.add_parser("batch", help="engine throughput against batch size")
    bt.add_argument("--sizes", default="100,500,2000,5000")
    bt.add_argument("--days", type=int, default=30)
    bt.set_defaults(fn=lambda ns: write_json("batch", __import__("bench.diagnose", fromlist=["x"]).batch(
        sizes=_sizes(ns.sizes), days=ns.days)))
    bl = sub.add_parser("blocks", help="day loop in power-of-two blocks vs one block per horizon: time, mappings")
    bl.add_argument("--sizes", default="1,200")
    bl.add_argument("--days", type=int, default=182)
    bl.set_defaults(fn=lambda ns: write_json("blocks", __import__("bench.blocks", fromlist=["run"]).run(
        sizes=_sizes(ns.sizes), days=ns.days)))
    tb = sub.add_parser("table", help="markdown tables from bench/out/*.json")
    tb.set_defaults(fn=lambda ns: __import__("bench.report", fromlist=["main"]).main())
    m = sub.add_parser("machine", help="print the machine description")
    m.set_defaults(fn=lambda ns: print(json.dumps(machine(), indent=2)))
    args = ap.parse_args(argv)
    args.fn(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
