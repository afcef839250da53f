"""Whatever bytes a file holds, the import either reads and extracts it or names the problem."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.importing import DocumentRejected, read_document
from newstext.pipeline import extract_document

PAGE_PIECES = st.sampled_from(
    [
        "“",
        "”",
        '"',
        "‘",
        "’",
        "said",
        " told ",
        "Read more Share",
        "\n\n",
        "£5",
        "40%",
        "since 1920",
        "Jeremy Corbyn",
        "JLM",
        "\x00",
        "\xff",
        "–",
        ":",
        "\r\n",
        "Press release: 3 May 2016",
    ]
)


def read_and_extract(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    reason: str | None
    try:
        text = read_document(path)
    except DocumentRejected as rejected:
        reason = str(rejected)
    else:
        reason = None
    if reason is not None:
        assert reason.strip(), "a rejection must say why"
        return
    for item in extract_document(text, filename=path.name).items:
        for claim in item.claims:
            for citation in claim.citations:
                assert item.body[citation.start : citation.end] == citation.quote


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes_are_read_or_rejected_with_a_reason(tmp_path, data):
    read_and_extract(tmp_path / "page.txt", data)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pieces=st.lists(st.one_of(PAGE_PIECES, st.text(max_size=40)), max_size=60))
def test_page_like_text_in_any_encoding_state_is_read_or_rejected(tmp_path, pieces):
    text = "".join(pieces)
    read_and_extract(tmp_path / "page.txt", text.encode("utf-8", errors="surrogatepass"))
