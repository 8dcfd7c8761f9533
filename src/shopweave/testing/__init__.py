"""Test doubles and pytest fixtures that other packages' tests reuse."""
