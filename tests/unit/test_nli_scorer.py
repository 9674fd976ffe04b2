"""The Hugging Face NLI stance scorer, tested with tiny BERT models built in the test (no network)."""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from workers.engine.stance.nli import LabelLayout, NLICrossEncoderScorer  # noqa: E402
from workers.engine.types import Passage, Stance, StanceScorer  # noqa: E402

_VOCAB = [
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
    "the", "a", "minister", "said", "bridge", "opened", "closed", "on", "monday", "friday",
    "two", "hours", "about", "25", "minutes", "not", "did", "river", "city", "council", ".", ",",
]

_ROLE_TO_STANCE = {
    "entailment": Stance.SUPPORTS,
    "supports": Stance.SUPPORTS,
    "contradiction": Stance.CONTRADICTS,
    "refutes": Stance.CONTRADICTS,
    "neutral": Stance.NEUTRAL,
    "not_enough_info": Stance.NEUTRAL,
    "not_entailment": Stance.NEUTRAL,
}


@pytest.fixture(autouse=True)
def _no_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    # huggingface_hub reads the variable once at import; patch the constant too in case it is loaded.
    import huggingface_hub.constants as hub_constants

    monkeypatch.setattr(hub_constants, "HF_HUB_OFFLINE", True)


def _save_tiny_model(directory: Path, id2label: Mapping[int, str], bias: list[float] | None = None) -> Path:
    """A 1-layer BERT classifier plus a word-piece tokenizer, saved like any hub model directory."""
    directory.mkdir(parents=True, exist_ok=True)
    vocab_file = directory / "source_vocab.txt"
    vocab_file.write_text("\n".join(_VOCAB) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(vocab_file))
    tokenizer.save_pretrained(directory)

    torch.manual_seed(0)
    config = transformers.BertConfig(
        vocab_size=len(_VOCAB),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=512,
        num_labels=len(id2label),
        id2label=dict(id2label),
        label2id={name: index for index, name in id2label.items()},
    )
    model = transformers.BertForSequenceClassification(config)
    if bias is not None:
        # Zero weights make the logits exactly the bias, whatever the input.
        with torch.no_grad():
            model.classifier.weight.zero_()
            model.classifier.bias.copy_(torch.tensor(bias))
    model.save_pretrained(directory)
    return directory


def _passages(*texts: str) -> list[Passage]:
    return [Passage(id=i, doc_id="doc", start=0, end=len(t), text=t) for i, t in enumerate(texts)]


def _softmax(values: list[float]) -> list[float]:
    exps = [math.exp(v) for v in values]
    return [e / sum(exps) for e in exps]


PASSAGES = _passages(
    "The minister said the bridge opened on Monday.",
    "The city council closed the river bridge for about 25 minutes.",
    "The bridge did not open on Friday.",
    "Two hours.",
    "A completely unrelated sentence with words outside the vocabulary.",
)


def test_loads_from_local_path_and_returns_one_valid_result_per_passage(tmp_path: Path) -> None:
    model_dir = _save_tiny_model(tmp_path / "tiny-nli", {0: "contradiction", 1: "entailment", 2: "neutral"})
    scorer = NLICrossEncoderScorer(str(model_dir), batch_size=2)

    as_protocol: StanceScorer = scorer  # mypy checks that the scorer fits the engine's protocol
    assert as_protocol.name == "nli:tiny-nli"
    assert scorer.name == "nli:tiny-nli"
    results = scorer.score("The bridge was closed for two hours.", PASSAGES)

    assert len(results) == len(PASSAGES)
    for result in results:
        for probability in (result.support, result.contradict, result.neutral, result.score):
            assert 0.0 <= probability <= 1.0
        assert result.support + result.contradict + result.neutral == pytest.approx(1.0, abs=1e-5)
        by_stance = {
            Stance.SUPPORTS: result.support,
            Stance.CONTRADICTS: result.contradict,
            Stance.NEUTRAL: result.neutral,
        }
        assert result.score == pytest.approx(max(by_stance.values()), abs=1e-6)
        assert by_stance[result.stance] == pytest.approx(result.score, abs=1e-6)
        assert result.reason is None


def test_batching_and_padding_do_not_change_scores(tmp_path: Path) -> None:
    model_dir = _save_tiny_model(tmp_path / "tiny", {0: "contradiction", 1: "entailment", 2: "neutral"})
    claim = "The minister said the bridge closed."
    one_by_one = NLICrossEncoderScorer(str(model_dir), batch_size=1).score(claim, PASSAGES)
    all_at_once = NLICrossEncoderScorer(str(model_dir), batch_size=16).score(claim, PASSAGES)

    for single, batched in zip(one_by_one, all_at_once, strict=True):
        assert batched.support == pytest.approx(single.support, abs=1e-4)
        assert batched.contradict == pytest.approx(single.contradict, abs=1e-4)
    # A randomly initialised model still tells different passages apart; identical output would
    # mean the text never reached it.
    assert len({round(r.support, 6) for r in one_by_one}) > 1


def test_long_passage_is_truncated_not_rejected(tmp_path: Path) -> None:
    model_dir = _save_tiny_model(tmp_path / "tiny", {0: "contradiction", 1: "entailment", 2: "neutral"})
    scorer = NLICrossEncoderScorer(str(model_dir), max_length=32)
    long_text = " ".join(["the bridge opened on monday ."] * 200)

    results = scorer.score("The bridge opened.", _passages(long_text))

    assert len(results) == 1
    assert 0.0 <= results[0].score <= 1.0


PERMUTATIONS = [
    {0: "contradiction", 1: "entailment", 2: "neutral"},
    {0: "NEUTRAL", 1: "Refutes", 2: "SUPPORTS"},
    {0: "entailment", 1: "not_enough_info", 2: "contradiction"},
]


@pytest.mark.parametrize("id2label", PERMUTATIONS, ids=["c-e-n", "n-r-s", "e-nei-c"])
@pytest.mark.parametrize("favoured", [0, 1, 2])
def test_label_order_is_read_from_id2label(tmp_path: Path, id2label: dict[int, str], favoured: int) -> None:
    bias = [0.5, 1.0, 1.5]
    bias[favoured] = 6.0
    model_dir = _save_tiny_model(tmp_path / "biased", id2label, bias=bias)
    scorer = NLICrossEncoderScorer(str(model_dir))

    (result,) = scorer.score("The bridge opened on Monday.", PASSAGES[:1])

    assert result.stance is _ROLE_TO_STANCE[id2label[favoured].lower()]
    expected = _softmax(bias)
    index_of = {_ROLE_TO_STANCE[name.lower()]: index for index, name in id2label.items()}
    assert result.support == pytest.approx(expected[index_of[Stance.SUPPORTS]], abs=1e-5)
    assert result.contradict == pytest.approx(expected[index_of[Stance.CONTRADICTS]], abs=1e-5)
    assert result.neutral == pytest.approx(expected[index_of[Stance.NEUTRAL]], abs=1e-5)
    assert result.score == pytest.approx(expected[favoured], abs=1e-5)


@pytest.mark.parametrize(
    ("id2label", "bias", "stance"),
    [
        ({0: "not_entailment", 1: "entailment"}, [0.0, 5.0], Stance.SUPPORTS),
        ({0: "not_entailment", 1: "entailment"}, [5.0, 0.0], Stance.NEUTRAL),
        ({0: "ENTAILMENT", 1: "NOT_ENTAILMENT"}, [5.0, 0.0], Stance.SUPPORTS),
    ],
)
def test_two_label_model_maps_entailment_and_never_contradicts(
    tmp_path: Path, id2label: dict[int, str], bias: list[float], stance: Stance
) -> None:
    model_dir = _save_tiny_model(tmp_path / "two-way", id2label, bias=bias)
    scorer = NLICrossEncoderScorer(str(model_dir))

    results = scorer.score("The bridge opened.", PASSAGES)

    entail_index = next(i for i, name in id2label.items() if name.lower() == "entailment")
    for result in results:
        assert result.stance is stance
        assert result.contradict == 0.0
        assert result.support == pytest.approx(_softmax(bias)[entail_index], abs=1e-5)
        assert result.support + result.neutral == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize(
    "id2label",
    [
        {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"},  # what an untrained head gets by default
        {0: "entailment", 1: "entailment", 2: "neutral"},  # ambiguous
        {0: "entailment", 1: "contradiction"},  # 2-way without a "not entailed" class
        {0: "positive", 1: "negative"},  # a sentiment model, not NLI
    ],
)
def test_unmappable_labels_raise_value_error(tmp_path: Path, id2label: dict[int, str]) -> None:
    model_dir = _save_tiny_model(tmp_path / "bad-labels", id2label)
    with pytest.raises(ValueError, match="id2label"):
        NLICrossEncoderScorer(str(model_dir))


def test_label_layout_rejects_gaps_in_indices() -> None:
    with pytest.raises(ValueError, match="indices"):
        LabelLayout.from_id2label({0: "entailment", 2: "contradiction", 3: "neutral"})


def test_empty_passage_list_returns_empty(tmp_path: Path) -> None:
    model_dir = _save_tiny_model(tmp_path / "tiny", {0: "contradiction", 1: "entailment", 2: "neutral"})
    scorer = NLICrossEncoderScorer(str(model_dir))
    assert scorer.score("The bridge opened.", []) == []


def test_empty_claim_and_bad_settings_are_rejected(tmp_path: Path) -> None:
    model_dir = _save_tiny_model(tmp_path / "tiny", {0: "contradiction", 1: "entailment", 2: "neutral"})
    scorer = NLICrossEncoderScorer(str(model_dir))
    with pytest.raises(ValueError, match="claim"):
        scorer.score("   ", PASSAGES)
    with pytest.raises(ValueError, match="batch_size"):
        NLICrossEncoderScorer(str(model_dir), batch_size=0)
    with pytest.raises(ValueError, match="threads"):
        NLICrossEncoderScorer(str(model_dir), threads=0)


def test_missing_model_fails_clearly_without_network(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="could not load NLI model"):
        NLICrossEncoderScorer(str(tmp_path / "no-such-model"))
    with pytest.raises(OSError, match="could not load NLI model"):
        NLICrossEncoderScorer("no-such-org/no-such-nli-model")


def test_missing_optional_dependencies_give_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules makes `import transformers` raise ImportError.
    monkeypatch.setitem(sys.modules, "transformers", None)
    with pytest.raises(ImportError, match=r"factcheck\[nli\]"):
        NLICrossEncoderScorer("any-model")
