"""Use cases: load, apply the domain rules, save. Each public function owns its transaction."""
