"""Supply chain ESG management."""
