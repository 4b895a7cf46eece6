"""Reports for people and tools: findings as text/JSON/SARIF, and the completeness report."""
