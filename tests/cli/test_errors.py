import json

import pytest
import typer

from shopweave.cli.errors import user_errors
from shopweave.errors import ImportFormatError


def test_a_user_error_prints_its_code_and_message_on_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(typer.Exit) as exited, user_errors():
        raise ImportFormatError("shop.csv: line 3: column 'Variant Price': '12,3,4' is not a price")
    assert exited.value.exit_code == 2
    assert capsys.readouterr().err == (
        "error[import.format]: shop.csv: line 3: column 'Variant Price': '12,3,4' is not a price\n"
    )


def test_a_user_error_in_json_mode_prints_an_error_object(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(typer.Exit), user_errors(as_json=True):
        raise ImportFormatError("bad [file]")
    assert json.loads(capsys.readouterr().out) == {
        "error": {"code": "import.format", "message": "bad [file]"}
    }
