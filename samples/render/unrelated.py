"""Pages that belong to no material of the notice: a shop receipt, a snapshot of a street (UNRECOGNIZED_PAGE).

Applicants upload these by mistake (a phone's latest picture). They must be flagged as unrecognised, not read as
a document.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from samples.render.base import Canvas

SHOPS = ["尉犁县惠民超市", "孔雀河便利店", "尉犁县新华书店", "罗布人家餐厅"]
ITEMS = [("矿泉水550ml", 2.0), ("方便面", 4.5), ("纸巾", 6.8), ("酸奶", 7.5), ("馕", 3.0), ("牛奶1L", 12.8),
         ("笔记本", 8.0), ("中性笔", 2.5), ("苹果", 9.6), ("茶叶蛋", 1.5), ("面包", 5.5)]


@dataclass(frozen=True)
class UnrelatedRecord:
    """What the stray page shows: ``receipt`` or ``snapshot``."""

    kind: str
    shop: str
    when: dt.datetime


def _receipt(rec: UnrelatedRecord, dpi: int, rng: random.Random) -> Image.Image:
    items = rng.sample(ITEMS, rng.randint(4, 7))
    c = Canvas(80, 72 + 6 * len(items), dpi, color=(250, 250, 247))
    c.text(40, 10, rec.shop, 11, "hei", anchor="mm")
    c.text(6, 18, f"单号：{rng.randint(10**9, 10**10 - 1)}", 8, "sans")
    c.text(6, 23, f"时间：{rec.when:%Y-%m-%d %H:%M}", 8, "sans")
    c.line(5, 28, 75, 28, 0.2)
    y, total = 33.0, 0.0
    for name, price in items:
        n = rng.randint(1, 3)
        c.text(6, y, name, 8.5, "sans")
        c.text(50, y, f"x{n}", 8.5, "mono")
        c.text(74, y, f"{price * n:.2f}", 8.5, "mono", anchor="ra")
        total += price * n
        y += 6
    c.line(5, y + 1, 75, y + 1, 0.2)
    c.text(6, y + 5, "合计", 10, "hei")
    c.text(74, y + 5, f"{total:.2f}", 10, "mono", anchor="ra")
    c.text(6, y + 12, f"微信支付  {total:.2f}", 8, "sans")
    c.text(40, y + 22, "谢谢惠顾  欢迎再次光临", 8, "sans", anchor="mm")
    # thermal print fades towards one end
    arr = np.asarray(c.image, dtype=np.float32)
    fade = np.linspace(0.0, rng.uniform(0.2, 0.45), arr.shape[0], dtype=np.float32)[:, None, None]
    arr = arr + (255 - arr) * fade
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


def _snapshot(rec: UnrelatedRecord, dpi: int, rng: random.Random) -> Image.Image:
    """A street snapshot: sky, a mountain range, poplars, a road; photographic noise."""
    w, h = 1600, 1200
    g = np.random.default_rng(rng.randrange(2**32))
    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    sky = np.stack([150 + 60 * yy, 185 + 40 * yy, 235 - 10 * yy], axis=-1) * np.ones((1, w, 1), np.float32)
    img = Image.fromarray(sky.clip(0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    horizon = int(h * rng.uniform(0.5, 0.6))
    ridge = [(0, horizon)]
    for x in range(0, w + 80, 80):
        ridge.append((x, horizon - rng.randint(40, 220)))
    ridge.append((w, horizon))
    d.polygon(ridge, fill=(128, 118, 108))
    d.rectangle([0, horizon, w, h], fill=(176, 160, 128))
    d.polygon([(w * 0.42, h), (w * 0.58, h), (w * 0.51, horizon), (w * 0.49, horizon)], fill=(90, 90, 92))
    for _ in range(rng.randint(8, 14)):
        x = rng.randint(0, w)
        top = horizon - rng.randint(120, 360)
        d.rectangle([x - 4, top + 40, x + 4, horizon + 30], fill=(80, 60, 40))
        d.ellipse([x - rng.randint(22, 40), top, x + rng.randint(22, 40), horizon + 10],
                  fill=(rng.randint(50, 90), rng.randint(100, 140), rng.randint(40, 70)))
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    arr = np.asarray(img, dtype=np.float32) + g.normal(0, 5, (h, w, 3))
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


def render(rec: UnrelatedRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render the stray page."""
    return _receipt(rec, dpi, rng) if rec.kind == "receipt" else _snapshot(rec, dpi, rng)
