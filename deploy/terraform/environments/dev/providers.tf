terraform {
  required_version = ">= 1.6"
  required_providers {
    aws    = { source = "hashicorp/aws", version = "~> 5.80" }
    random = { source = "hashicorp/random", version = "~> 3.6" }
    tls    = { source = "hashicorp/tls", version = "~> 4.0" }
  }
  # State in S3 (encrypted, versioned), locked with DynamoDB; created once by hand per account.
  backend "s3" {
    bucket         = "filmstudio-terraform-state"
    key            = "dev/terraform.tfstate"
    region         = "us-east-1"
    encrypt        = true
    dynamodb_table = "filmstudio-terraform-locks"
  }
}

provider "aws" {
  region = var.region
}

# CloudFront's WAF and certificate live in us-east-1.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

variable "region" {
  description = "Where the studio runs."
  type        = string
  default     = "us-east-1"
}
