// LuceneIndex is the Lucene baseline of tools/bench/bulk.sh: it indexes a
// JSON Lines file (gzipped or not) of flat objects with Lucene's
// ArabicAnalyzer, the way a search engine with highlighting would, and
// prints the documents indexed and the seconds it took.
//
//   javac -cp lucene-core.jar:lucene-analyzers-common.jar -d OUT LuceneIndex.java
//   java -cp OUT:... LuceneIndex -index DIR [-mode offsets|none] [-text title,text]
//        [-keywords source,url,date_extracted] [-sort date_extracted] [-facet source]
//        [-merge true] FILE
//
// Modes: "offsets" stores every field and indexes the text fields with
// positions and offsets (what highlighting needs), keyword fields as
// terms, with sorted doc values on the -sort and -facet fields; "none"
// stores nothing and indexes the text fields with positions only. Documents
// are written with updateDocument on their id, so a second run replaces
// rather than repeats them (as fahras and bleve do); -merge true (the
// default) merges the index into one segment at the end, as fahras index
// compacts it.
//
// The JSON reader below handles what the bench corpora hold: one flat
// object per line, string, number, boolean and null values. Nested values
// are skipped.

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

public final class LuceneIndex {
	private LuceneIndex() {}

	public static void main(String[] args) throws Exception {
		Map<String, String> opts = new LinkedHashMap<>();
		opts.put("-index", "");
		opts.put("-mode", "offsets");
		opts.put("-text", "title,text");
		opts.put("-keywords", "source,url,date_extracted");
		opts.put("-sort", "date_extracted");
		opts.put("-facet", "source");
		opts.put("-merge", "true");
		opts.put("-ram", "64");
		String file = null;
		for (int i = 0; i < args.length; i++) {
			if (opts.containsKey(args[i]) && i + 1 < args.length) {
				opts.put(args[i], args[++i]);
			} else if (file == null && !args[i].startsWith("-")) {
				file = args[i];
			} else {
				usage("unexpected argument " + args[i]);
			}
		}
		String mode = opts.get("-mode");
		if (opts.get("-index").isEmpty() || file == null) {
			usage("-index DIR and FILE are required");
		}
		if (!mode.equals("offsets") && !mode.equals("none")) {
			usage("-mode " + mode + ": want offsets or none");
		}
		Schema s = new Schema(mode.equals("offsets"), set(opts.get("-text")), set(opts.get("-keywords")),
				set(opts.get("-sort") + "," + opts.get("-facet")));
		long start = System.nanoTime();
		IndexWriterConfig cfg = new IndexWriterConfig(new ArabicAnalyzer());
		cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
		cfg.setRAMBufferSizeMB(Double.parseDouble(opts.get("-ram")));
		long n;
		try (FSDirectory dir = FSDirectory.open(Paths.get(opts.get("-index")));
				IndexWriter w = new IndexWriter(dir, cfg)) {
			n = load(w, s, file);
			if (Boolean.parseBoolean(opts.get("-merge"))) {
				w.forceMerge(1);
			}
			w.commit();
		}
		System.out.printf("%d documents in %.1f s%n", n, (System.nanoTime() - start) / 1e9);
	}

	private static void usage(String msg) {
		System.err.println("LuceneIndex: " + msg);
		System.err.println("usage: LuceneIndex -index DIR [-mode offsets|none] [-text F,...] [-keywords F,...] "
				+ "[-sort F,...] [-facet F,...] [-merge true|false] [-ram MB] FILE");
		System.exit(2);
	}

	private static Set<String> set(String list) {
		Set<String> out = new HashSet<>(Arrays.asList(list.split(",")));
		out.remove("");
		return out;
	}

	/** Schema says how each field of a record is indexed. */
	private static final class Schema {
		final boolean store;
		final Set<String> text, keywords, docValues;
		final FieldType textType;

		Schema(boolean store, Set<String> text, Set<String> keywords, Set<String> docValues) {
			this.store = store;
			this.text = text;
			this.keywords = keywords;
			this.docValues = docValues;
			textType = new FieldType();
			textType.setTokenized(true);
			textType.setStored(store);
			textType.setIndexOptions(store ? IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS
					: IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
			textType.freeze();
		}

		Document document(Map<String, String> rec) {
			Document d = new Document();
			Field.Store st = store ? Field.Store.YES : Field.Store.NO;
			d.add(new StringField("id", rec.get("id"), Field.Store.YES));
			for (Map.Entry<String, String> e : rec.entrySet()) {
				String name = e.getKey(), v = e.getValue();
				if (text.contains(name)) {
					d.add(new Field(name, v, textType));
				} else if (keywords.contains(name)) {
					d.add(new StringField(name, v, st));
					if (store && docValues.contains(name)) {
						d.add(new SortedDocValuesField(name, new BytesRef(v)));
					}
				}
			}
			return d;
		}
	}

	private static long load(IndexWriter w, Schema s, String file) throws IOException {
		InputStream in = Files.newInputStream(Paths.get(file));
		if (file.endsWith(".gz")) {
			in = new GZIPInputStream(in, 1 << 16);
		}
		long n = 0;
		int lineNo = 0;
		try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 20)) {
			for (String line; (line = r.readLine()) != null;) {
				lineNo++;
				if (line.isBlank()) {
					continue;
				}
				Map<String, String> rec;
				try {
					rec = new FlatJSON(line).object();
				} catch (IllegalArgumentException e) {
					throw new IOException(file + ":" + lineNo + ": " + e.getMessage(), e);
				}
				String id = rec.get("id");
				if (id == null || id.isEmpty()) {
					throw new IOException(file + ":" + lineNo + ": no id");
				}
				w.updateDocument(new Term("id", id), s.document(rec));
				n++;
			}
		}
		return n;
	}

	/** FlatJSON reads one JSON object of scalar values into strings. */
	private static final class FlatJSON {
		private final String s;
		private int i;

		FlatJSON(String s) {
			this.s = s;
		}

		Map<String, String> object() {
			Map<String, String> out = new LinkedHashMap<>();
			expect('{');
			if (peek() == '}') {
				i++;
				return out;
			}
			while (true) {
				String key = string();
				expect(':');
				String v = value();
				if (v != null) {
					out.put(key, v);
				}
				char c = next();
				if (c == '}') {
					return out;
				}
				if (c != ',') {
					throw fail("want , or } at byte " + i);
				}
			}
		}

		/** value returns a scalar as a string; null for null and nested values. */
		private String value() {
			char c = peek();
			if (c == '"') {
				return string();
			}
			if (c == '{' || c == '[') {
				skipNested();
				return null;
			}
			int start = i;
			while (i < s.length() && ",}] \t".indexOf(s.charAt(i)) < 0) {
				i++;
			}
			String lit = s.substring(start, i);
			return lit.equals("null") ? null : lit;
		}

		private void skipNested() {
			int depth = 0;
			do {
				char c = s.charAt(i);
				if (c == '"') {
					string();
					continue;
				}
				if (c == '{' || c == '[') {
					depth++;
				} else if (c == '}' || c == ']') {
					depth--;
				}
				i++;
			} while (depth > 0 && i < s.length());
		}

		private String string() {
			expect('"');
			StringBuilder b = new StringBuilder();
			while (i < s.length()) {
				char c = s.charAt(i++);
				if (c == '"') {
					return b.toString();
				}
				if (c != '\\') {
					b.append(c);
					continue;
				}
				char e = s.charAt(i++);
				switch (e) {
					case 'n': b.append('\n'); break;
					case 't': b.append('\t'); break;
					case 'r': b.append('\r'); break;
					case 'b': b.append('\b'); break;
					case 'f': b.append('\f'); break;
					case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
					default: b.append(e); // \" \\ \/
				}
			}
			throw fail("unterminated string");
		}

		private char peek() {
			while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
				i++;
			}
			if (i >= s.length()) {
				throw fail("unexpected end of line");
			}
			return s.charAt(i);
		}

		private char next() {
			char c = peek();
			i++;
			return c;
		}

		private void expect(char want) {
			if (next() != want) {
				throw fail("want " + want + " at byte " + i);
			}
		}

		private IllegalArgumentException fail(String msg) {
			return new IllegalArgumentException("invalid JSON: " + msg);
		}
	}
}
