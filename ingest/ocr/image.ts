/**
 * A scanned page made easier to read before Tesseract sees it, in plain
 * TypeScript over an 8-bit grayscale image (PGM, as pdftoppm writes it):
 * - deskew: the angle at which the page's dark pixels fall into the sharpest
 *   rows (a projection profile, coarse to fine, within ±5°), rotated back;
 * - denoise: a 3×3 median, which takes out the specks a scanner adds without
 *   blurring the strokes of a letter.
 * No image library and no ImageMagick: two small, tested steps. Pure.
 */

/** An 8-bit grayscale image, row by row, 0 black to 255 white. */
export interface Gray {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Reads a binary PGM (P5, maxval 255), as `pdftoppm -gray` writes it. */
export function parsePgm(bytes: Uint8Array): Gray {
  let at = 0;
  const token = (): string => {
    for (;;) {
      while (at < bytes.length && /\s/.test(String.fromCharCode(bytes[at]!))) at++;
      if (bytes[at] !== 0x23) break;
      while (at < bytes.length && bytes[at] !== 0x0a) at++;
    }
    let t = '';
    while (at < bytes.length && !/\s/.test(String.fromCharCode(bytes[at]!))) t += String.fromCharCode(bytes[at++]!);
    return t;
  };
  const magic = token();
  const width = Number(token());
  const height = Number(token());
  const max = Number(token());
  at++;
  if (magic !== 'P5' || !(width > 0) || !(height > 0) || max !== 255 || bytes.length - at < width * height)
    throw new Error(`not an 8-bit binary PGM (${magic} ${width}×${height}, maxval ${max})`);
  return { width, height, data: bytes.slice(at, at + width * height) };
}

/** Writes a binary PGM (P5), which Tesseract (Leptonica) reads. */
export function toPgm(image: Gray): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'latin1'), image.data]);
}

/** A threshold between ink and paper (Otsu's, from the histogram). */
export function otsu(image: Gray): number {
  const hist = new Float64Array(256);
  for (const v of image.data) hist[v]!++;
  const total = image.data.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/**
 * The page's skew in degrees (positive: the text runs down to the right), from
 * a projection profile of its ink: at the right angle the rows of text and the
 * gaps between them are sharpest. Read on a copy scaled to ~800 px wide.
 */
export function estimateSkew(image: Gray, maxDegrees = 5): number {
  const step = Math.max(1, Math.round(image.width / 800));
  const threshold = Math.min(otsu(image), 200);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < image.height; y += step)
    for (let x = 0; x < image.width; x += step) {
      // The darkest pixel of each cell: thin strokes survive the scaling.
      let dark = 255;
      for (let dy = 0; dy < step && y + dy < image.height; dy++)
        for (let dx = 0; dx < step && x + dx < image.width; dx++)
          dark = Math.min(dark, image.data[(y + dy) * image.width + x + dx]!);
      if (dark < threshold) {
        xs.push(x / step);
        ys.push(y / step);
      }
    }
  if (xs.length < 200) return 0;
  const rows = Math.ceil(image.height / step) + Math.ceil(image.width / step) + 2;
  const offset = Math.ceil(image.width / step) + 1;
  const hist = new Float64Array(rows);
  const score = (degrees: number) => {
    hist.fill(0);
    const t = Math.tan((degrees * Math.PI) / 180);
    for (let i = 0; i < xs.length; i++) hist[Math.round(ys[i]! - xs[i]! * t) + offset]!++;
    let s = 0;
    for (const h of hist) s += h * h;
    return s;
  };
  let best = 0;
  let bestScore = score(0);
  for (const [from, to, by] of [
    [-maxDegrees, maxDegrees, 0.5],
    [-0.5, 0.5, 0.1],
    [-0.1, 0.1, 0.025],
  ] as const) {
    const centre = best;
    for (let d = from; d <= to + 1e-9; d += by) {
      const degrees = centre + d;
      if (Math.abs(degrees) > maxDegrees) continue;
      const s = score(degrees);
      if (s > bestScore) {
        bestScore = s;
        best = degrees;
      }
    }
  }
  return Math.round(best * 1000) / 1000;
}

/** The image rotated by `degrees` (positive: counter-clockwise) about its centre, bilinear, paper-white corners. */
export function rotate(image: Gray, degrees: number, fill = 255): Gray {
  const { width, height, data } = image;
  const out = new Uint8Array(width * height);
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  for (let y = 0; y < height; y++) {
    const dy = y - cy;
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      // The source pixel that lands here.
      const sx = cos * dx - sin * dy + cx;
      const sy = sin * dx + cos * dy + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= width || y0 + 1 >= height) {
        out[y * width + x] = fill;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * width + x0;
      const top = data[i]! + (data[i + 1]! - data[i]!) * fx;
      const bottom = data[i + width]! + (data[i + width + 1]! - data[i + width]!) * fx;
      out[y * width + x] = Math.round(top + (bottom - top) * fy);
    }
  }
  return { width, height, data: out };
}

/** A 3×3 median: specks out, strokes kept. Border pixels stay as they are. */
export function median3(image: Gray): Gray {
  const { width, height, data } = image;
  const out = new Uint8Array(data);
  for (let y = 1; y + 1 < height; y++) {
    for (let x = 1; x + 1 < width; x++) {
      const c = y * width + x;
      let p0 = data[c - width - 1]!;
      let p1 = data[c - width]!;
      let p2 = data[c - width + 1]!;
      let p3 = data[c - 1]!;
      let p4 = data[c]!;
      let p5 = data[c + 1]!;
      let p6 = data[c + width - 1]!;
      let p7 = data[c + width]!;
      let p8 = data[c + width + 1]!;
      let t: number;
      // The 19 compare-exchanges of the classic median-of-nine network (Paeth; Devillard's opt_med9).
      t = Math.min(p1, p2);
      p2 = Math.max(p1, p2);
      p1 = t;
      t = Math.min(p4, p5);
      p5 = Math.max(p4, p5);
      p4 = t;
      t = Math.min(p7, p8);
      p8 = Math.max(p7, p8);
      p7 = t;
      t = Math.min(p0, p1);
      p1 = Math.max(p0, p1);
      p0 = t;
      t = Math.min(p3, p4);
      p4 = Math.max(p3, p4);
      p3 = t;
      t = Math.min(p6, p7);
      p7 = Math.max(p6, p7);
      p6 = t;
      t = Math.min(p1, p2);
      p2 = Math.max(p1, p2);
      p1 = t;
      t = Math.min(p4, p5);
      p5 = Math.max(p4, p5);
      p4 = t;
      t = Math.min(p7, p8);
      p8 = Math.max(p7, p8);
      p7 = t;
      p3 = Math.max(p0, p3);
      p5 = Math.min(p5, p8);
      t = Math.min(p4, p7);
      p7 = Math.max(p4, p7);
      p4 = t;
      p6 = Math.max(p3, p6);
      p4 = Math.max(p1, p4);
      p2 = Math.min(p2, p5);
      p4 = Math.min(p4, p7);
      t = Math.min(p4, p2);
      p2 = Math.max(p4, p2);
      p4 = t;
      p4 = Math.max(p6, p4);
      p4 = Math.min(p4, p2);
      out[c] = p4;
    }
  }
  return { width, height, data: out };
}

/** Skews below this many degrees are left alone: Tesseract reads them, and a rotation costs a resampling. */
export const MIN_DESKEW_DEGREES = 0.3;

/** A scanned page ready for Tesseract: specks out, then turned straight. */
export function prepareScan(image: Gray): { image: Gray; skew: number } {
  const clean = median3(image);
  const skew = estimateSkew(clean);
  return { image: Math.abs(skew) < MIN_DESKEW_DEGREES ? clean : rotate(clean, skew), skew };
}

/** Rows of a page, top inclusive, bottom exclusive. */
export interface Band {
  readonly top: number;
  readonly bottom: number;
}

/**
 * The text lines of a page by its rows: runs of rows with ink across at least
 * 1 % of the page's width, 1.5-10 mm tall at the page's resolution (`dpi`), so
 * neither a rule nor a picture.
 */
export function textLines(image: Gray, dpi: number): Band[] {
  const { width, height, data } = image;
  const mm = dpi / 25.4;
  const threshold = otsu(image);
  const minInk = Math.max(3, Math.round(width * 0.01));
  const inked: boolean[] = [];
  for (let y = 0; y < height; y++) {
    let dark = 0;
    for (let i = y * width, end = i + width; i < end; i++) if (data[i]! < threshold) dark++;
    inked.push(dark >= minInk);
  }
  const lines: Band[] = [];
  for (let y = 0; y < height; ) {
    if (!inked[y]) {
      y++;
      continue;
    }
    let end = y;
    // A line's rows with a gap of a row or two (a thin stroke between ascenders and the x-height).
    while (end < height && (inked[end] || inked[end + 1] || inked[end + 2])) end++;
    if (end - y >= 1.5 * mm && end - y <= 10 * mm) lines.push({ top: y, bottom: end });
    y = end + 1;
  }
  return lines;
}

/**
 * Bands of text lines on a page that no word Tesseract read stands in (`read`:
 * the rows of the words read): its layout analysis sometimes drops a whole
 * block (a heading and the line after it, on a worn scan), and the text is gone
 * without a trace. Missed lines next to one another (a few millimetres apart,
 * no line read between) make one band, padded by a millimetre.
 */
export function missedTextBands(image: Gray, read: readonly Band[], dpi: number): Band[] {
  const mm = dpi / 25.4;
  const isRead = (l: Band) =>
    read.some((w) => Math.min(w.bottom, l.bottom) - Math.max(w.top, l.top) > (l.bottom - l.top) / 2);
  const bands: Band[] = [];
  let previousMissed = false;
  for (const l of textLines(image, dpi)) {
    const missed = !isRead(l);
    const last = bands[bands.length - 1];
    if (missed && previousMissed && last && l.top - last.bottom <= 8 * mm)
      bands[bands.length - 1] = { top: last.top, bottom: l.bottom };
    else if (missed) bands.push(l);
    previousMissed = missed;
  }
  const pad = Math.round(mm);
  return bands.map((b) => ({ top: Math.max(0, b.top - pad), bottom: Math.min(image.height, b.bottom + pad) }));
}

/** The rows `band` of a page, the whole width. */
export function cropRows(image: Gray, band: Band): Gray {
  const { width } = image;
  return {
    width,
    height: band.bottom - band.top,
    data: image.data.slice(band.top * width, band.bottom * width),
  };
}
