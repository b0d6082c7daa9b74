variable "name" {
  description = "Prefix of every name (filmstudio-<environment>)."
  type        = string
}

variable "environment" {
  description = "dev, sandbox or prod (the GitHub environment allowed to deploy)."
  type        = string
}

variable "github_repository" {
  description = "owner/name of the repository whose workflows may deploy; empty: no deploy role."
  type        = string
  default     = ""
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
