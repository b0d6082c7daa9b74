# The whole studio for one environment, composed from the eight modules. Each environment
# (environments/<name>) only sets its sizes; the shape is the same everywhere.

locals {
  name = "filmstudio-${var.environment}"
  tags = merge(var.tags, { Project = "filmstudio", Environment = var.environment, ManagedBy = "terraform" })
}

module "iam" {
  source            = "../iam"
  name              = local.name
  environment       = var.environment
  github_repository = var.github_repository
  tags              = local.tags
}

module "network" {
  source       = "../network"
  name         = local.name
  cidr         = "10.0.0.0/16"
  nat_per_zone = var.high_availability
  kms_key_arn  = module.iam.kms_key_arn
  tags         = local.tags
}

module "storage" {
  source                      = "../storage"
  name                        = local.name
  kms_key_arn                 = module.iam.kms_key_arn
  cloudfront_distribution_arn = module.cdn.distribution_arn
  tags                        = local.tags
}

module "cluster" {
  source             = "../cluster"
  name               = local.name
  vpc_id             = module.network.vpc_id
  vpc_cidr           = module.network.vpc_cidr
  private_subnet_ids = module.network.private_subnet_ids
  kms_key_arn        = module.iam.kms_key_arn
  cpu_instance_types = var.cpu_instance_types
  cpu_min_size       = var.cpu_min_size
  cpu_max_size       = var.cpu_max_size
  gpu_max_size       = var.gpu_max_size
  gpu_spot_max_size  = var.gpu_spot_max_size
  media_bucket_arn   = module.storage.media_bucket_arn
  tags               = local.tags
}

module "database" {
  source                   = "../database"
  name                     = local.name
  vpc_id                   = module.network.vpc_id
  private_subnet_ids       = module.network.private_subnet_ids
  client_security_group_id = module.cluster.node_security_group_id
  kms_key_arn              = module.iam.kms_key_arn
  instance_class           = var.db_instance_class
  multi_az                 = var.high_availability
  backup_retention_days    = var.backup_retention_days
  deletion_protection      = var.environment == "prod"
  tags                     = local.tags
}

module "cache" {
  source                   = "../cache"
  name                     = local.name
  vpc_id                   = module.network.vpc_id
  private_subnet_ids       = module.network.private_subnet_ids
  client_security_group_id = module.cluster.node_security_group_id
  kms_key_arn              = module.iam.kms_key_arn
  auth_token               = module.iam.redis_auth_token
  node_type                = var.redis_node_type
  tags                     = local.tags
}

module "cdn" {
  source              = "../cdn"
  providers           = { aws = aws.us_east_1 }
  name                = local.name
  domain              = var.domain
  certificate_arn     = var.certificate_arn
  api_origin_domain   = var.api_origin_domain
  media_bucket_domain = module.storage.media_bucket_domain
  logs_bucket_domain  = module.storage.logs_bucket_domain
  kms_key_arn         = module.iam.kms_key_arn
  tags                = local.tags
}

module "monitoring" {
  source          = "../monitoring"
  name            = local.name
  kms_key_arn     = module.iam.kms_key_arn
  alarm_emails    = var.alarm_emails
  db_instance_id  = module.database.instance_id
  redis_group_id  = module.cache.replication_group_id
  distribution_id = module.cdn.distribution_id
  tags            = local.tags
}
