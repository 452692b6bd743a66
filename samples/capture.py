"""Capture styles (flat scan, phone photo, photocopy, rotation) and planted degradations.

Each function takes a clean upright page (PIL RGB, or RGBA for an ID card) and returns what an applicant
would upload. Every random choice comes from the ``random.Random`` passed in, so output is deterministic.
"""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
from PIL import Image, ImageFilter

Array = np.ndarray


def _np_rng(rng: random.Random) -> np.random.Generator:
    return np.random.default_rng(rng.randrange(2**32))


def _to_arr(img: Image.Image) -> Array:
    return np.asarray(img.convert("RGB"), dtype=np.float32)


def _to_img(arr: Array) -> Image.Image:
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


def _smooth_field(rng: random.Random, h: int, w: int, cells: int = 4) -> Array:
    """A smooth random field in [0, 1] (uneven light, paper tone)."""
    small = _np_rng(rng).random((cells, cells)).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC).clip(0, 1)


def scale_to_dpi(img: Image.Image, from_dpi: int, to_dpi: int) -> Image.Image:
    """Resample a page rendered at ``from_dpi`` to ``to_dpi``."""
    if from_dpi == to_dpi:
        return img
    w, h = img.size
    return img.resize((round(w * to_dpi / from_dpi), round(h * to_dpi / from_dpi)), Image.Resampling.LANCZOS)


def card_on_bed(card: Image.Image, rng: random.Random, margin_px: int, bed=(236, 236, 233)) -> Image.Image:  # type: ignore[no-untyped-def]
    """Put an RGBA card on a scanner bed with a soft shadow and a small random offset."""
    w, h = card.size
    out = Image.new("RGB", (w + 2 * margin_px, h + 2 * margin_px), bed)
    shadow = Image.new("L", out.size, 0)
    shadow.paste(card.getchannel("A"), (margin_px + 4, margin_px + 5))
    shadow = shadow.filter(ImageFilter.GaussianBlur(6)).point(lambda v: int(v * 0.35))
    out.paste((120, 120, 120), (0, 0), shadow)
    dx, dy = rng.randint(-margin_px // 3, margin_px // 3), rng.randint(-margin_px // 3, margin_px // 3)
    out.paste(card, (margin_px + dx, margin_px + dy), card)
    return out


def scan(img: Image.Image, rng: random.Random, *, skew: float = 0.8) -> Image.Image:
    """Flat-bed scan: small skew, paper tone, faint uneven light, sensor noise, slight softness."""
    arr: Array = _to_arr(img)
    h, w = arr.shape[:2]
    angle = rng.uniform(-skew, skew)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    arr = cv2.warpAffine(arr, m, (w, h), borderMode=cv2.BORDER_CONSTANT, borderValue=(238, 238, 236))
    light = 0.96 + 0.04 * _smooth_field(rng, h, w, 3)
    tone = np.array([rng.uniform(0.97, 1.0), rng.uniform(0.97, 1.0), rng.uniform(0.94, 0.99)], np.float32)
    arr = arr * light[..., None] * tone
    arr = cv2.GaussianBlur(arr, (0, 0), rng.uniform(0.45, 0.7))
    arr = arr + _np_rng(rng).normal(0, 1.0, (h, w, 1)).astype(np.float32)
    return _to_img(arr)


def _desk(rng: random.Random, w: int, h: int) -> Array:
    """A desk surface: planks of wood with wavy grain, seams and knots, or a mottled table top; sometimes a pen.

    Nothing regular: the grain frequency, the plank widths and tones, the stains and the objects are all drawn.
    """
    g = _np_rng(rng)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    along, across, span = (xx, yy, h) if rng.random() < 0.6 else (yy, xx, w)
    if rng.random() < 0.5:
        base = np.array([rng.uniform(115, 165), rng.uniform(80, 112), rng.uniform(50, 78)], np.float32)
        warp = 9 * _smooth_field(rng, h, w, 5) + 3 * _smooth_field(rng, h, w, 14)
        freq = rng.uniform(35, 80)
        phase = across / span * freq + warp
        fibres = cv2.GaussianBlur(g.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 0.6)
        fibres = cv2.blur(fibres, (25, 1) if along is xx else (1, 25))
        grain = 9 * np.sin(phase) + 4 * np.sin(2.7 * phase + 2 * warp) + 6 * fibres
        tone = np.ones((h, w), np.float32)
        pos, seams = 0.0, np.zeros((h, w), np.float32)
        while pos < span:  # planks of uneven width and tone, dark seams between them
            width = span * rng.uniform(0.18, 0.42)
            tone[(across >= pos) & (across < pos + width)] = rng.uniform(0.85, 1.12)
            seams += np.exp(-((across - pos - width) / 1.5) ** 2)
            pos += width
        for _ in range(rng.randint(0, 2)):  # knots
            kx, ky, kr = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(12, 40)
            sx, sy = (kr * 1.8, kr) if along is xx else (kr, kr * 1.8)
            r = np.sqrt(((xx - kx) / sx) ** 2 + ((yy - ky) / sy) ** 2)
            grain += (14 * np.sin(r * 5) * np.exp(-r / 2.5) - 18 * np.exp(-r * r)) * (r < 6)
        arr = base[None, None, :] * tone[..., None] + grain[..., None] - 40 * seams.clip(0, 1)[..., None]
    else:
        grey = rng.uniform(70, 205)
        base = np.array([grey, grey * rng.uniform(0.96, 1.02), grey * rng.uniform(0.92, 1.08)], np.float32)
        mottle = 10 * _smooth_field(rng, h, w, 7) + 5 * _smooth_field(rng, h, w, 23)
        speckle = cv2.GaussianBlur(g.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 0.8) * 5
        arr = base[None, None, :] + (mottle + speckle)[..., None]
        if rng.random() < 0.5:  # a cup ring
            rx, ry, rr = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.04, 0.08) * w
            ring = np.exp(-((np.sqrt((xx - rx) ** 2 + (yy - ry) ** 2) - rr) / (rr * 0.06)) ** 2)
            arr -= (ring * rng.uniform(10, 25))[..., None] * np.array([0.6, 0.8, 1.0], np.float32)
    arr = arr + g.normal(0, 2.5, (h, w, 1))
    if rng.random() < 0.5:  # a pen lying near one edge
        pen: Array = np.zeros((h, w), np.float32)
        length, thick = rng.uniform(0.25, 0.4) * max(w, h), rng.uniform(0.012, 0.018) * max(w, h)
        x0 = rng.choice([rng.uniform(0.02, 0.12), rng.uniform(0.88, 0.98)]) * w
        y0 = rng.uniform(0.1, 0.9) * h
        ang = np.radians(rng.uniform(60, 120))
        x1, y1 = x0 + length * np.cos(ang), y0 + length * np.sin(ang)
        cv2.line(pen, (int(x0), int(y0)), (int(x1), int(y1)), (1.0,), int(thick), cv2.LINE_AA)
        pen = cv2.GaussianBlur(pen, (0, 0), 1.2)
        color = np.array(rng.choice([(25, 30, 90), (20, 20, 22), (160, 25, 30)]), np.float32)
        shadow = np.roll(pen, (int(thick * 0.6), int(thick * 0.4)), axis=(0, 1))
        arr = arr * (1 - 0.35 * shadow)[..., None]
        sheen = 1 + 0.5 * np.exp(-((yy - y0) * np.cos(ang) - (xx - x0) * np.sin(ang)) ** 2 / (thick * 0.2) ** 2)
        arr = arr * (1 - pen[..., None]) + (color * sheen[..., None]) * pen[..., None]
    return np.asarray(arr, dtype=np.float32)


def phone(
    img: Image.Image,
    rng: random.Random,
    *,
    frame_long: int = 2000,
    fill: float = 0.8,
    specular: tuple[Array, Array] | None = None,
) -> Image.Image:
    """Phone photo on a desk: perspective, tilt, shadow, uneven light, noise; the caller JPEG-encodes it.

    ``specular`` (amount per pixel of ``img``, light colour; see :func:`glare_layers`) is a reflection on the
    document. It is added after the uneven light, not dimmed by it: a specular reflection of a lamp is far
    brighter than the paper's diffuse light, so a camera exposed for the paper clips it to white (a glare
    spot dimmed with the paper peaked at grey ~236, below anything a phone shows as glare).
    """
    src = img.convert("RGBA")
    sw, sh = src.size
    portrait = sh >= sw
    fw, fh = (int(frame_long * 0.75), frame_long) if portrait else (frame_long, int(frame_long * 0.75))
    scale = min(fw / sw, fh / sh) * fill
    tw, th = sw * scale, sh * scale
    cx, cy = fw / 2 + rng.uniform(-0.04, 0.04) * fw, fh / 2 + rng.uniform(-0.04, 0.04) * fh
    j = 0.045
    corners = np.array([[-tw / 2, -th / 2], [tw / 2, -th / 2], [tw / 2, th / 2], [-tw / 2, th / 2]], np.float32)
    corners[:, 0] *= [1 - rng.uniform(0, j), 1 - rng.uniform(0, j), 1 + rng.uniform(0, j), 1 + rng.uniform(0, j)]
    ang = np.radians(rng.uniform(-4, 4))
    rot = np.array([[np.cos(ang), -np.sin(ang)], [np.sin(ang), np.cos(ang)]], np.float32)
    dst = corners @ rot.T + np.array([cx, cy], np.float32)
    srcpts = np.array([[0, 0], [sw, 0], [sw, sh], [0, sh]], np.float32)
    m = cv2.getPerspectiveTransform(srcpts, dst.astype(np.float32))
    rgba = np.asarray(src, dtype=np.float32)
    warped = cv2.warpPerspective(rgba, m, (fw, fh), flags=cv2.INTER_AREA, borderValue=(0, 0, 0, 0))
    alpha: Array = warped[..., 3:4] / 255.0
    desk = _desk(rng, fw, fh)
    # contact shadow of the sheet on the desk
    sh_mask = cv2.GaussianBlur(alpha[..., 0], (0, 0), fw / 150)
    sh_mask = np.roll(sh_mask, (int(fh / 120), int(fw / 150)), axis=(0, 1))
    desk *= (1 - 0.45 * sh_mask)[..., None]
    arr = desk * (1 - alpha) + warped[..., :3] * alpha
    # uneven light: a bright side, a darker corner, a soft cast shadow of the phone or hand
    yy, xx = np.mgrid[0:fh, 0:fw].astype(np.float32)
    lx, ly = rng.uniform(0, fw), rng.uniform(0, fh)
    light = 1.05 - 0.3 * np.sqrt((xx - lx) ** 2 + (yy - ly) ** 2) / np.hypot(fw, fh)
    if rng.random() < 0.7:
        a, b = rng.uniform(0.2, 0.8) * fw, rng.uniform(0.5, 1.0) * fh
        d = (xx - a) * 0.6 + (yy - b)
        light *= 1 - 0.22 * (1 / (1 + np.exp(-d / (fh * 0.05))))
    warm = np.array([1.0, rng.uniform(0.96, 0.99), rng.uniform(0.88, 0.95)], np.float32)
    arr = arr * light[..., None] * warm
    if specular is not None:
        amount, colour = specular
        spot = cv2.warpPerspective(amount.astype(np.float32), m, (fw, fh), flags=cv2.INTER_AREA, borderValue=(0.0,))
        spot = (spot * alpha[..., 0])[..., None]
        arr = arr * (1 - spot) + colour * spot
    arr = cv2.GaussianBlur(arr, (0, 0), rng.uniform(0.7, 1.1))
    arr += _np_rng(rng).normal(0, 3.0, arr.shape).astype(np.float32)
    return _to_img(arr)


def photocopy(img: Image.Image, rng: random.Random) -> Image.Image:
    """Grayscale photocopy: hard contrast, grey paper, toner specks, dark streak at one edge."""
    g: Array = np.asarray(img.convert("L"), dtype=np.float32)
    h, w = g.shape
    g = 255 / (1 + np.exp(-(g - 150) / 22))
    g = g * 0.9 + 10
    specks = _np_rng(rng).random((h, w)) < 0.0015
    g[specks] = rng.uniform(40, 90)
    edge = np.linspace(1, 0, max(2, w // 30))
    g[:, : len(edge)] *= (1 - 0.5 * edge)[None, :]
    g = cv2.GaussianBlur(g, (0, 0), 0.8) + _np_rng(rng).normal(0, 4, (h, w))
    return _to_img(np.repeat(g[..., None], 3, axis=2))


def _mtf(freq: float, sigma: float) -> float:
    """Contrast the camera keeps of a pattern of ``freq`` cycles per camera pixel (Gaussian lens + sensor blur)."""
    return float(np.exp(-2 * np.pi**2 * sigma**2 * freq**2))


def _subpixel_gain(u: Array, v: Array, layout: str, period_px: float, sigma: float, fill: float) -> Array:
    """Per-channel (RGB) gain of a screen's subpixel grid at screen coordinates ``u``, ``v`` (screen pixels).

    The grid is a sum of its lowest harmonics, each attenuated by the camera's blur at the frequency it has on the
    sensor (``period_px`` camera pixels per screen pixel): sampled at the camera's pixels afterwards, whatever
    survives aliases into the low-frequency beats of a moire. ``stripe``: vertical R, G, B stripes a third of a
    pixel wide (LCD monitors, many phones); ``pentile``: green at every pixel, red and blue alternating in a
    checkerboard (OLED phones). ``fill``: lit height of a pixel row (the rest is the black matrix).
    """
    f1 = 1.0 / period_px
    m1 = _mtf(f1, sigma)
    up, vp = u - 0.5, v - 0.5  # pixel centres at integer + 0.5
    rows = 1 + 2 * np.sin(np.pi * fill) / (np.pi * fill) * m1 * np.cos(2 * np.pi * vp)
    gains = np.empty((*u.shape, 3), np.float32)
    if layout == "stripe":
        # A box a third of a pixel wide, relative to its mean: harmonics 6 sin(k pi / 3) / (k pi).
        for c, phase in enumerate((1 / 6, 1 / 2, 5 / 6)):
            cols = 1.0 + sum(
                6 * np.sin(k * np.pi / 3) / (k * np.pi) * _mtf(k * f1, sigma) * np.cos(2 * np.pi * k * (u - phase))
                for k in (1, 2)
            )
            gains[..., c] = cols * rows
    else:
        # Red and blue on alternate pixels: a checkerboard whose fundamental runs diagonally at half the pitch.
        checker = 1.6 * _mtf(f1 / np.sqrt(2), sigma) * np.cos(np.pi * up) * np.cos(np.pi * vp)
        gains[..., 0] = (1 + checker) * rows
        gains[..., 2] = (1 - checker) * rows
        # Green: a small square in every pixel (half its side).
        a = 4 / np.pi * m1
        gains[..., 1] = (1 + a * np.cos(2 * np.pi * up)) * (1 + a * np.cos(2 * np.pi * vp))
    return gains.clip(0, None)


def screen_recapture(
    card: Image.Image, rng: random.Random, *, frame_long: int = 2000, fill: float = 0.68
) -> Image.Image:
    """An ID card shown on a monitor or phone screen and photographed with a phone; the caller JPEG-encodes it.

    The card (RGBA) is shown ``screen_px`` screen pixels wide on a photo viewer's dark background and photographed
    at a slight rotation, scale and perspective so that it spans ``fill`` of the frame's long side (1.1-1.8 camera
    pixels per screen pixel). The screen's subpixel grid (``_subpixel_gain``) is sampled by a Bayer sensor and
    demosaiced, which beats into colour moire as it does in a real recapture. Backlight tone: a cool white point,
    lifted blacks, a brightness falloff towards one side, a faint reflection of the room. Phone: lens blur, noise.
    The print stays legible (characters 35-60 camera pixels high).
    """
    g = _np_rng(rng)
    src = np.asarray(card.convert("RGBA"), dtype=np.float32)
    ch, cw = src.shape[:2]
    screen_px = rng.uniform(750, 1250)  # the card's width on the screen
    s = screen_px / cw
    viewer = rng.choice([(0.0, 0.0, 0.0), (18.0, 18.0, 18.0), (34.0, 34.0, 36.0)])
    # The screen's pixels: the card scaled as a photo viewer does, on the viewer's background (which runs on
    # past the frame: the remap below fills everything outside this array with it).
    shown = cv2.resize(src, (max(1, round(cw * s)), max(1, round(ch * s))), interpolation=cv2.INTER_AREA)
    alpha = shown[..., 3:4] / 255.0
    screen = np.asarray(np.array(viewer, np.float32) * (1 - alpha) + shown[..., :3] * alpha, np.float32)
    sh, sw = screen.shape[:2]
    # Camera: the card centred with a little jitter, rotated, the screen plane slightly tilted.
    fw, fh = frame_long, int(frame_long * 0.75)
    period = fill * fw / screen_px  # camera pixels per screen pixel
    ang = np.radians(rng.choice([-1, 1]) * rng.uniform(0.6, 4.0))
    cx, cy = fw / 2 + rng.uniform(-0.04, 0.04) * fw, fh / 2 + rng.uniform(-0.04, 0.04) * fh
    half = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], np.float32) * np.array([sw / 2, sh / 2], np.float32)
    j = 0.03
    tilt = np.array([[1 - rng.uniform(0, j), 1], [1 - rng.uniform(0, j), 1], [1 + rng.uniform(0, j), 1],
                     [1 + rng.uniform(0, j), 1]], np.float32)
    if rng.random() < 0.5:  # tilted about the other axis
        tilt = tilt[:, ::-1].copy()
    rot = np.array([[np.cos(ang), -np.sin(ang)], [np.sin(ang), np.cos(ang)]], np.float32)
    dst = (half * tilt * period) @ rot.T + np.array([cx, cy], np.float32)
    corners = np.array([[0, 0], [sw, 0], [sw, sh], [0, sh]], np.float32)
    inv = cv2.getPerspectiveTransform(dst.astype(np.float32), corners)  # camera pixel -> screen pixel
    yy, xx = np.mgrid[0:fh, 0:fw].astype(np.float32)
    den = inv[2, 0] * xx + inv[2, 1] * yy + inv[2, 2]
    u = ((inv[0, 0] * xx + inv[0, 1] * yy + inv[0, 2]) / den).astype(np.float32)
    v = ((inv[1, 0] * xx + inv[1, 1] * yy + inv[1, 2]) / den).astype(np.float32)
    sigma = rng.uniform(0.35, 0.55)  # lens, sensor and demosaic blur, camera pixels
    # Pixels are flat squares of colour: sample the screen at the pixel the camera point falls on.
    content = cv2.remap(screen, u, v, cv2.INTER_NEAREST, borderMode=cv2.BORDER_CONSTANT, borderValue=viewer)
    content = cv2.GaussianBlur(content, (0, 0), sigma)
    layout = "pentile" if rng.random() < 0.4 else "stripe"
    emitted = content * _subpixel_gain(u, v, layout, period, sigma, rng.uniform(0.7, 0.9))  # RGB
    # Backlight: cool white point, lifted blacks (leakage through the panel, the room on the glass), falloff.
    white = np.array([rng.uniform(0.86, 0.93), rng.uniform(0.94, 0.98), 1.0], np.float32) * rng.uniform(0.86, 0.95)
    black = rng.uniform(16, 34)
    falloff = 1 - rng.uniform(0.06, 0.16) * _smooth_field(rng, fh, fw, 2)
    arr = (black + emitted * white * (255 - black) / 255) * falloff[..., None]
    if rng.random() < 0.6:  # a faint, colourless reflection of a window or lamp
        rx, ry = rng.uniform(0, fw), rng.uniform(0, fh)
        r2 = ((xx - rx) ** 2 + (yy - ry) ** 2) / (rng.uniform(0.25, 0.5) * fw) ** 2
        arr += (rng.uniform(6, 16) * np.exp(-r2))[..., None]
    # Bayer sensor (RGGB; OpenCV calls it BG) and bilinear demosaic: each colour is sampled at every second pixel.
    arr += g.normal(0, 1.0, arr.shape).astype(np.float32) * np.sqrt(arr.clip(1, None) / 16)
    mosaic = np.empty((fh, fw), np.float32)
    mosaic[0::2, 0::2] = arr[0::2, 0::2, 0]
    mosaic[0::2, 1::2] = arr[0::2, 1::2, 1]
    mosaic[1::2, 0::2] = arr[1::2, 0::2, 1]
    mosaic[1::2, 1::2] = arr[1::2, 1::2, 2]
    rgb = cv2.cvtColor(mosaic.clip(0, 255).astype(np.uint8), cv2.COLOR_BayerBG2RGB).astype(np.float32)
    # The phone's denoise softens, its sharpening brings edges back a little.
    soft = cv2.GaussianBlur(rgb, (0, 0), rng.uniform(0.5, 0.8))
    out = np.asarray(soft + rng.uniform(0.2, 0.5) * (soft - cv2.GaussianBlur(soft, (0, 0), 2.0)), np.float32)
    out += g.normal(0, 1.5, out.shape).astype(np.float32)
    return _to_img(out)


def rotate(img: Image.Image, rotation: int) -> Image.Image:
    """Turn the upright page so that the pipeline must turn it ``rotation`` degrees clockwise back."""
    if rotation % 360 == 0:
        return img
    return img.rotate(rotation, expand=True)  # PIL turns counter-clockwise


# ---- degradations -------------------------------------------------------------------------------


def blur(img: Image.Image, rng: random.Random) -> Image.Image:
    """Out of focus / shaken: strong Gaussian plus a little motion."""
    arr = _to_arr(img)
    sigma = rng.uniform(3.5, 5.0) * max(1.0, img.size[0] / 1600)
    arr = cv2.GaussianBlur(arr, (0, 0), sigma)
    k = np.zeros((9, 9), np.float32)
    k[4, :] = 1 / 9
    return _to_img(cv2.filter2D(arr, -1, k))


def low_resolution(img: Image.Image, dpi: int, target_dpi: int = 60) -> Image.Image:
    """Downsample to about ``target_dpi``: fine strokes merge."""
    return scale_to_dpi(img, dpi, target_dpi)


def too_dark(img: Image.Image, rng: random.Random) -> Image.Image:
    """Underexposed photo: everything compressed to the dark end."""
    arr = _to_arr(img) / 255.0
    arr = (arr ** 1.6) * rng.uniform(0.22, 0.3) * 255
    return _to_img(arr + _np_rng(rng).normal(0, 2.5, arr.shape))


def overexposed(img: Image.Image, rng: random.Random) -> Image.Image:
    """Washed out: gain pushes paper and light ink to white."""
    arr = _to_arr(img) * rng.uniform(1.9, 2.3) + 60
    return _to_img(arr)


def glare_layers(
    img: Image.Image, rng: random.Random, box: tuple[float, float, float, float]
) -> tuple[Array, Array, Array]:
    """The two parts of a glare spot over ``box`` (fractions of the image), for :func:`glare` and :func:`phone`.

    Returns the page with its print washed out around the spot (float RGB), the amount of specular light
    per pixel (0..1: saturated core, bloom, soft radial halo) and the light's colour.
    """
    arr = _to_arr(img)
    h, w = arr.shape[:2]
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2 * w + rng.uniform(-0.03, 0.03) * w, (y0 + y1) / 2 * h
    rx, ry = (x1 - x0) / 2 * w, (y1 - y0) / 2 * h
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    ang = np.radians(rng.uniform(-20, 20))
    u = ((xx - cx) * np.cos(ang) + (yy - cy) * np.sin(ang)) / rx
    v = (-(xx - cx) * np.sin(ang) + (yy - cy) * np.cos(ang)) / ry
    d = np.sqrt(u * u + v * v)
    halo = np.exp(-(d**2) * 1.3)
    core = 1 / (1 + (d / 0.62) ** 8)
    bloom = cv2.GaussianBlur(core.astype(np.float32), (0, 0), max(2.0, min(rx, ry) * 0.35))
    amount = np.clip(0.45 * halo + core + 0.5 * bloom, 0, 1)
    light = np.array([255, 254, rng.uniform(246, 252)], np.float32)
    washed = arr + (255 - arr) * 0.25 * np.exp(-(d**2) * 0.35)[..., None]  # the whole area loses contrast
    return washed, amount, light


def glare(img: Image.Image, rng: random.Random, box: tuple[float, float, float, float]) -> Image.Image:
    """A specular glare spot over ``box`` (fractions of the image): saturated core, bloom, soft radial halo.

    The light washes the print out gradually (no hard edge); the core, over the fields, is fully white.
    """
    washed, amount, light = glare_layers(img, rng, box)
    return _to_img(washed * (1 - amount[..., None]) + light * amount[..., None])


def crop_edge(img: Image.Image, rng: random.Random, side: str = "right", fraction: float = 0.22) -> Image.Image:
    """Cut the image so that the document runs off the frame on ``side``."""
    w, h = img.size
    f = fraction * rng.uniform(0.9, 1.1)
    boxes = {"right": (0, 0, int(w * (1 - f)), h), "bottom": (0, 0, w, int(h * (1 - f))),
             "left": (int(w * f), 0, w, h), "top": (0, int(h * f), w, h)}
    return img.crop(boxes[side])


def blank_page(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """An empty sheet scanned: paper tone, noise, a faint fold line."""
    w, h = size
    arr = np.full((h, w, 3), 244, np.float32) * (0.97 + 0.03 * _smooth_field(rng, h, w, 3))[..., None]
    arr[:, w // 2 - 1 : w // 2 + 1] -= 6
    return _to_img(arr + _np_rng(rng).normal(0, 1.5, (h, w, 1)))


def jpeg_bytes(img: Image.Image, quality: int = 80, gray: bool = False) -> bytes:
    """Encode as baseline JPEG (deterministic for the same pixels)."""
    buf = io.BytesIO()
    (img.convert("L") if gray else img.convert("RGB")).save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()
