/**
 * npm run index: (re)build the HNSW index from the corpus with the configured embedder, with a
 * progress bar. Ingests first when the seeds changed, like npm start does.
 */
import { SingleBar } from "cli-progress";
import { Command } from "commander";
import dotenv from "dotenv";
import { loadConfig } from "../config.ts";
import { describeError } from "../retrieval/errors.ts";
import { Glossary } from "../retrieval/glossary/index.ts";
import { buildIndex, indexDir } from "../retrieval/indexer.ts";
import { currentCorpus, embedderFor } from "../retrieval/service.ts";

dotenv.config({ quiet: true });
new Command().name("index").description("Build the search index from the parsed corpus").parse();

try {
  const config = loadConfig(process.env);
  const started = performance.now();
  const corpus = currentCorpus(config, "auto", (line) => process.stderr.write(`${line}\n`));
  const { embeddings, id } = embedderFor(config, Glossary.load(), corpus);
  const bar = new SingleBar({ format: "embedding {bar} {value}/{total} paragraphs", stream: process.stderr, hideCursor: true });
  let started_ = false;
  const index = await buildIndex(corpus, embeddings, id, (done, total) => {
    if (!started_) {
      bar.start(total, 0);
      started_ = true;
    }
    bar.update(done);
  });
  bar.stop();
  await index.save(indexDir(config.DATA_DIR));
  process.stderr.write(
    `Indexed ${index.meta.count} paragraphs with ${id} (${index.meta.dimensions} dims) in ${((performance.now() - started) / 1000).toFixed(2)} s → ${indexDir(config.DATA_DIR)}\n`,
  );
} catch (error) {
  process.stderr.write(`index failed: ${describeError(error)}\n`);
  process.exitCode = 1;
}
