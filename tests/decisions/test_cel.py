import pytest

from shopweave.decisions.cel import Activation, CelError, compile_expression

VALUES = {
    "data": {"n": 5, "sku": "LS-M", "tags": ["a", "b"]},
    "subject": "sku/LS-M",
    "store": {"product": None},
}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("string(data.n)", "5"),
        ("data.n * 2", 10),
        ("data.sku.startsWith('LS') && size(data.tags) == 2", True),
        ("data.tags.map(t, t + '!')", ["a!", "b!"]),
        ("{'sku': data.sku}", {"sku": "LS-M"}),
        ("store.product == null ? subject : 'x'", "sku/LS-M"),
    ],
)
def test_an_expression_gives_the_same_plain_value_over_plain_or_converted_values(
    source: str, expected: object
) -> None:
    expression = compile_expression(source)
    assert expression.evaluate(VALUES) == expected
    assert expression.evaluate(Activation(VALUES)) == expected


def test_with_value_sets_one_name_in_a_copy() -> None:
    base = Activation(VALUES)
    scope = base.with_value("subject", "sku/TEE-S")
    subject = compile_expression("subject")
    assert (subject.evaluate(base), subject.evaluate(scope)) == ("sku/LS-M", "sku/TEE-S")


def test_a_missing_field_is_an_error_that_names_it() -> None:
    with pytest.raises(CelError, match=r"^no such member in mapping: 'missing'$"):
        compile_expression("data.missing > 1").evaluate(Activation(VALUES))
