package io.invoiceroutes.files;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/** Turns names from outside (inbox, SFTP, mail) into safe local and API file names. */
public final class FileNames {
    /**
     * Every name we write to disk is at most this many bytes in UTF-8: file systems allow 255 bytes per name, and
     * what we put around a name takes at most 55 more (the staging prefix {@code <file_id>__} 27, a sidecar's
     * {@code .error.json} 11, a temporary {@code .tmp-} 5; counters such as " (2)" stay within the 200).
     */
    public static final int MAX_NAME_BYTES = 200;
    /** The API's own limit on a file name, in characters. */
    public static final int MAX_API_NAME = 200;
    private static final Set<String> SUPPORTED = Set.of("pdf", "jpg", "jpeg", "png");

    /** Instances exist only so routes can call the checks as a bean. */
    public FileNames() {
        // stateless
    }

    /** The lower-case extension without the dot, or "" when there is none. */
    public static String extension(String name) {
        String base = baseName(name);
        int dot = base.lastIndexOf('.');
        return dot < 0 ? "" : base.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** True for the types the API reads: .pdf, .jpg, .jpeg, .png (any case). */
    public static boolean isSupported(String name) {
        return SUPPORTED.contains(extension(name));
    }

    /**
     * A name that is safe on disk and valid for the API: no directories, no control characters, no slashes,
     * no surrounding whitespace, at most 200 bytes in UTF-8 (so at most 200 characters), extension in lower case.
     * Letters of any script stay; a long name loses the end of its stem, never its extension or half a character.
     */
    public static String safe(String name) {
        return fit(clean(name), MAX_NAME_BYTES);
    }

    /** The name the API gets: {@link #safe} rules, but capped at the API's 200 characters whatever their bytes. */
    public static String apiName(String name) {
        String cleaned = clean(name);
        if (cleaned.codePointCount(0, cleaned.length()) <= MAX_API_NAME) {
            return cleaned;
        }
        String ext = extension(cleaned);
        String suffix = ext.isEmpty() ? "" : "." + ext;
        String stem = cleaned.substring(0, cleaned.length() - suffix.length());
        int keep = MAX_API_NAME - suffix.length();
        return stem.substring(0, stem.offsetByCodePoints(0, keep)).strip() + suffix;
    }

    /**
     * {@code name} cut to at most {@code maxBytes} bytes in UTF-8: the end of the stem goes, the extension stays,
     * whole code points only (a combining mark may lose its base, which NFC has joined where it could).
     */
    public static String fit(String name, int maxBytes) {
        if (utf8(name) <= maxBytes) {
            return name;
        }
        String ext = extension(name);
        String suffix = ext.isEmpty() ? "" : "." + ext;
        String cut = fitStem(name.substring(0, name.length() - suffix.length()), maxBytes - utf8(suffix));
        return (cut.isEmpty() ? "file" : cut) + suffix;
    }

    /** The longest start of {@code stem} of whole code points within {@code room} bytes, without trailing blanks. */
    private static String fitStem(String stem, int room) {
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < stem.length(); ) {
            int cp = stem.codePointAt(i);
            int size = utf8(new String(Character.toChars(cp)));
            if (used + size > room) {
                break;
            }
            kept.appendCodePoint(cp);
            used += size;
            i += Character.charCount(cp);
        }
        return kept.toString().strip();
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The safe characters of a base name, NFC, without leading dots, extension in lower case; no length cap. */
    private static String clean(String name) {
        // strip first: a trailing tab or newline is whitespace, not a character to replace into the extension
        String base = Normalizer.normalize(baseName(name), Normalizer.Form.NFC).strip();
        StringBuilder out = new StringBuilder(base.length());
        base.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || cp == '/' || cp == '\\' || cp == ':' || cp == '*' || cp == '?'
                    || cp == '"' || cp == '<' || cp == '>' || cp == '|') {
                out.append('_');
            } else {
                out.appendCodePoint(cp);
            }
        });
        String cleaned = out.toString().strip();
        while (cleaned.startsWith(".")) {
            cleaned = cleaned.substring(1).strip();
        }
        String ext = extension(cleaned);
        String stem = ext.isEmpty() ? cleaned : cleaned.substring(0, cleaned.length() - ext.length() - 1).strip();
        if (stem.isEmpty()) {
            stem = "file";
        }
        return stem + (ext.isEmpty() ? "" : "." + ext);
    }

    /** Makes {@code name} unique among {@code taken} (case-insensitive) by adding " (2)", " (3)", ... */
    public static String uniqueIn(String name, Set<String> taken) {
        String candidate = name;
        for (int i = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); i++) {
            candidate = withCounter(name, i);
        }
        return candidate;
    }

    /** {@code name} with " (n)" before its extension, still within 200 characters and 200 bytes. */
    public static String withCounter(String name, int n) {
        String ext = extension(name);
        String stem = ext.isEmpty() ? name : name.substring(0, name.length() - ext.length() - 1);
        String suffix = ext.isEmpty() ? "" : "." + ext;
        String tag = " (" + n + ")";
        int room = MAX_API_NAME - tag.length() - suffix.length();
        String kept = stem.length() > room ? cut(stem, room) : stem;
        return fitStem(kept, MAX_NAME_BYTES - utf8(tag + suffix)) + tag + suffix;
    }

    /** The first {@code length} chars of {@code s}, one fewer when the cut would split a surrogate pair. */
    private static String cut(String s, int length) {
        int end = length > 0 && Character.isHighSurrogate(s.charAt(length - 1)) ? length - 1 : length;
        return s.substring(0, end);
    }

    private static String baseName(String name) {
        String n = name == null ? "" : name;
        int cut = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
        return cut >= 0 ? n.substring(cut + 1) : n;
    }
}
