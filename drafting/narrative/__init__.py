"""The narrative sections: facts, the number gate, prompts, the model and offline drafters, review aids."""
