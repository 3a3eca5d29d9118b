import { ErrorCode, MandateDeskError } from "../errors.ts";

export interface DecodedText {
  text: string;
  encoding: "utf-8" | "utf-16le" | "utf-16be" | "gb18030";
}

const CJK = /[\u3400-\u9fff]/g;

/**
 * Turns a file's bytes into text, refusing what is not text. Chinese UN texts saved on Windows are
 * often GBK/GB18030: decoding them as UTF-8 would silently put U+FFFD into quotes, so a UTF-8 failure
 * falls through to GB18030 (a superset of GBK) and is accepted only if it yields Chinese text.
 */
export function decodeDocument(bytes: Uint8Array, file: string): DecodedText {
  if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    throw new MandateDeskError(ErrorCode.EmptyFile, "the file is empty", { file });
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) {
    throw new MandateDeskError(
      ErrorCode.BinaryFile,
      "this is a PDF, not text: extract its text first (e.g. `pdftotext -layout file.pdf file.txt`) and add the .txt",
      { file },
    );
  }
  if (startsWith(bytes, [0xff, 0xfe])) return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  if (looksBinary(bytes)) {
    throw new MandateDeskError(
      ErrorCode.BinaryFile,
      "the file is binary (a Word document, an image or an archive?), not plain text: save it as UTF-8 text",
      { file },
    );
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, ""), encoding: "utf-8" };
  } catch {
    // Not UTF-8: try the Chinese national encoding before giving up.
  }
  try {
    const text = new TextDecoder("gb18030", { fatal: true }).decode(bytes);
    const cjk = text.match(CJK)?.length ?? 0;
    if (cjk >= Math.min(20, text.length / 10)) return { text, encoding: "gb18030" };
  } catch {
    // Falls through to the error below, which names the file.
  }
  throw new MandateDeskError(
    ErrorCode.EncodingUnreadable,
    "the text is neither UTF-8 nor GB18030/GBK: re-save it as UTF-8",
    { file },
  );
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return control > sample.length * 0.05;
}
